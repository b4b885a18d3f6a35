import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type Translate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireAdmin } from "~/lib/session.server";
import type { MessageKey } from "~/locales";
import { listAuditLog } from "~/models/audit-log.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staff.auditTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(context);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  return listAuditLog(Number.isFinite(page) ? page : 1);
}

/** A translated label where an area has given one ("staff.audit.<action>", "staff.entity.<type>"), else the code. */
function labelOr(t: Translate, key: string, fallback: string) {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
}

export default function StaffAudit() {
  const t = useT();
  const locale = useLocale();
  const { entries, page, pages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staff.auditHeading")}</h1>
      <p>{t("staff.auditIntro")}</p>
      {entries.length === 0 ? (
        <p>{t("staff.auditEmpty")}</p>
      ) : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t("staff.auditTableCaption", { page, pages })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.auditTime")}</th>
                <th scope="col">{t("staff.auditActor")}</th>
                <th scope="col">{t("staff.auditAction")}</th>
                <th scope="col">{t("staff.auditEntity")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(locale, e.createdAt, "datetime")}</td>
                  <td>{e.actorName ?? t("staff.auditSystem")}</td>
                  <td>{labelOr(t, `staff.audit.${e.action}`, e.action)}</td>
                  <td>
                    {labelOr(t, `staff.entity.${e.entityType}`, e.entityType)}
                    {e.entityName ? `: ${e.entityName}` : e.entityId ? ` ${e.entityId}` : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav aria-label={t("staff.auditPaging")}>
          <p>{t("staff.auditPageOf", { page, pages })}</p>
          <p className="actions">
            {page > 1 ? <Link to={`/staff/audit?page=${page - 1}`}>{t("staff.auditPrevious")}</Link> : null}
            {page < pages ? <Link to={`/staff/audit?page=${page + 1}`}>{t("staff.auditNext")}</Link> : null}
          </p>
        </nav>
      ) : null}
    </>
  );
}
