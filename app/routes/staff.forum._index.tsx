import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { OrganisationState } from "~/generated/prisma/client";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import type { MessageKey } from "~/locales";
import { listApplications } from "~/models/forum-members.server";
import { STAFF_STATES } from "~/models/forum-rules";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.staffTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const asked = new URL(request.url).searchParams.get("state");
  const state: OrganisationState = (STAFF_STATES as readonly string[]).includes(asked ?? "") ? (asked as OrganisationState) : "PENDING";
  return { state, ...(await listApplications(state)) };
}

/** Applications and members by state, newest first, with the count of each state. */
export default function StaffForum() {
  const t = useT();
  const locale = useLocale();
  const { state, counts, organisations, currentVersion } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("forum.staffHeading")}</h1>
      <nav aria-label={t("forum.staffStates")}>
        <ul className="state-counts">
          {STAFF_STATES.map((s) => (
            <li key={s}>
              <Link
                to={`/staff/forum?state=${s}`}
                className={`button ${s === state ? "button-primary" : "button-secondary"}`}
                aria-current={s === state ? "page" : undefined}
              >
                {t(`forum.state.${s}` as MessageKey)} ({counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{t(`forum.state.${state}` as MessageKey)}</h2>
      {currentVersion ? <p>{t("forum.currentVersion", { number: currentVersion })}</p> : null}
      {organisations.length === 0 ? (
        <p>{t("forum.staffEmpty")}</p>
      ) : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t("forum.colName")}</th>
                <th scope="col">{t("forum.colCvr")}</th>
                <th scope="col">{t("forum.colApplied")}</th>
                <th scope="col">{t("forum.colSigned")}</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/staff/forum/${o.id}`}>{o.name}</Link>
                    {o.state === "UNCONFIRMED" ? (
                      <>
                        {" "}
                        <span className="badge badge-warning">{t("forum.unconfirmedTag")}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{o.cvr ?? ""}</td>
                  <td className="nowrap">{formatDate(locale, o.createdAt)}</td>
                  <td>{o.signedVersion ?? t("forum.notSigned")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
