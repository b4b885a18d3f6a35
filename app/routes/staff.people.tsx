import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/notice";
import { DownloadLinks, PersonDataView } from "~/components/person-data";
import { invalid } from "~/lib/forms.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { isStaffRole } from "~/lib/roles";
import { myDataRequestSchema } from "~/models/data-access.server";
import { erasePerson, erasureReport } from "~/models/erasure.server";
import { findPerson } from "~/models/person-data.server";
import { keptOnErasure } from "~/models/retention.server";
import type { MessageKey } from "~/locales";
import privacyCss from "~/styles/privacy.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: privacyCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.staffTitle");

/**
 * One person across every table, by address: what we hold, the export (JSON, CSV), and erasure everywhere with a
 * confirm step that names what goes and what is kept and why (?step=erase, a plain link). After erasing, the page is
 * built from the audit entry, which holds counts and a pseudonymous reference only.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const url = new URL(request.url);
  const erasedId = url.searchParams.get("erased");
  const report = erasedId ? await erasureReport(erasedId) : null;
  const erased = report && { ...report, kept: keptOnErasure.filter((k) => (report.kept[k.table] ?? 0) > 0).map((k) => ({ ...k, count: report.kept[k.table] })) };
  const raw = url.searchParams.get("email");
  if (raw === null) return { erased, search: null };
  const parsed = myDataRequestSchema.safeParse({ email: raw });
  if (!parsed.success) return { erased, search: { errors: { email: parsed.error.issues[0]?.message ?? "form.invalidEmail" }, values: { email: raw } } };
  const found = await findPerson(parsed.data.email);
  const goes = Object.entries(found.counts).filter(([, n]) => n > 0);
  return {
    erased,
    search: {
      email: parsed.data.email.toLowerCase(),
      values: { email: raw },
      data: found.data,
      goes,
      kept: keptOnErasure.filter((k) => found.kept[k.table] > 0).map((k) => ({ ...k, count: found.kept[k.table] })),
      staffAccount: found.user !== null && isStaffRole(found.user.role),
      onlyContactOf: found.user?.organisation && found.user.organisation._count.contacts === 1 ? found.user.organisation.name : null,
      confirming: url.searchParams.get("step") === "erase",
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const form = await request.formData();
  const parsed = myDataRequestSchema.safeParse({ email: form.get("email") });
  if (!parsed.success || form.get("intent") !== "erase") return redirect("/staff/people", 303);
  const result = await erasePerson({ actorId: user.id, email: parsed.data.email });
  if (result.ok) return redirect(`/staff/people?erased=${encodeURIComponent(result.auditId)}#people-result`, 303);
  if (result.reason === "staff") return invalid({ errors: { _form: "privacy.staffRefused" }, values: { email: parsed.data.email } }, 403);
  return redirect(`/staff/people?email=${encodeURIComponent(parsed.data.email)}`, 303);
}

function KeptList({ kept }: { kept: { table: string; what: MessageKey; reason: MessageKey; count?: number }[] }) {
  const t = useT();
  if (!kept.length) return <p>{t("privacy.staffNoneKept")}</p>;
  return (
    <ul>
      {kept.map((k) => (
        <li key={k.table}>
          <strong>
            {t(k.what)}
            {k.count ? ` (${k.count})` : ""}.
          </strong>{" "}
          {t(k.reason)}
        </li>
      ))}
    </ul>
  );
}

function CountTable({ rows, caption }: { rows: [string, number][]; caption: string }) {
  const t = useT();
  const redacted = new Set(["AuditLog", "ForumCaseEvent", "EmailOutboxToOthers", "OtherText"]);
  return (
    <div className="table--responsive-scroll">
      <table className="table table--compact person-counts">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("privacy.staffTable")}</th>
            <th scope="col">{t("privacy.staffCount")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([table, n]) => (
            <tr key={table}>
              <th scope="row">
                {t(`privacy.table.${table}` as MessageKey)}
                {redacted.has(table) ? ` (${t("privacy.redacted").toLowerCase()})` : ""}
              </th>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function StaffPeople() {
  const t = useT();
  const { erased, search } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const headingRef = useRef<HTMLHeadingElement>(null);
  const found = search && "data" in search && search.data ? search : null;
  useEffect(() => {
    if (found?.confirming || erased) headingRef.current?.focus();
  }, [found?.confirming, erased]);

  if (found?.confirming && !found.staffAccount && found.goes.length) {
    return (
      <>
        <h1 ref={headingRef} tabIndex={-1} className="focus-target break-anywhere">
          {t("privacy.staffEraseHeading", { email: found.email })}
        </h1>
        <p className="font-lead">{t("privacy.staffEraseText")}</p>
        {found.onlyContactOf ? <p>{t("privacy.staffOnlyContact", { organisation: found.onlyContactOf })}</p> : null}
        <CountTable rows={found.goes} caption={t("privacy.staffGoes")} />
        <h2 className="h3">{t("privacy.staffKept")}</h2>
        <KeptList kept={found.kept} />
        <div className="actions confirm-actions">
          <Form method="post" replace>
            <input type="hidden" name="intent" value="erase" />
            <input type="hidden" name="email" value={found.email} />
            <button type="submit" className="button button-primary" disabled={busy}>
              {t("privacy.staffEraseYes")}
            </button>
          </Form>
          <Link to={`?email=${encodeURIComponent(found.email)}`} replace className="button button-secondary">
            {t("privacy.confirmNo")}
          </Link>
        </div>
      </>
    );
  }

  const formState = state ?? (search && "errors" in search ? search : { values: search?.values });
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1} className="focus-target" id="people-result">
        {t("privacy.staffHeading")}
      </h1>
      {erased ? (
        <>
          <Notice text={t("privacy.staffErased", { ref: erased.ref })} />
          <CountTable rows={Object.entries(erased.erased)} caption={t("privacy.staffErasedGone")} />
          <h2 className="h3">{t("privacy.staffKept")}</h2>
          <KeptList kept={erased.kept} />
        </>
      ) : (
        <p>{t("privacy.staffIntro")}</p>
      )}
      <ErrorSummary state={formState} labels={{ email: t("auth.email") }} />
      <Form method="get" noValidate className="people-search">
        <TextField name="email" type="email" label={t("auth.email")} state={formState} autoComplete="off" />
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t("privacy.staffSearch")}
          </button>
        </div>
      </Form>
      {found ? (
        <section aria-labelledby="found-heading">
          <h2 id="found-heading" className="break-anywhere">{found.goes.length || found.kept.length ? t("privacy.staffFound", { email: found.email }) : t("privacy.staffNothing", { email: found.email })}</h2>
          {found.goes.length ? (
            <>
              <CountTable rows={found.goes} caption={t("privacy.staffGoes")} />
              <h3 className="h4">{t("privacy.staffExport")}</h3>
              <DownloadLinks base="/staff/people/data" query={`?email=${encodeURIComponent(found.email)}`} />
              <PersonDataView data={found.data} />
              {found.staffAccount ? (
                <div className="alert alert-warning" role="status">
                  <div className="alert-body">
                    <p className="alert-text">{t("privacy.staffStaffAccount", { email: found.email })}</p>
                  </div>
                </div>
              ) : (
                <>
                  <h3 className="h4">{t("privacy.staffKept")}</h3>
                  <KeptList kept={found.kept} />
                  <p>
                    <Link to={`?email=${encodeURIComponent(found.email)}&step=erase`} className="button button-secondary">
                      {t("privacy.staffErase")}
                    </Link>
                  </p>
                </>
              )}
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
