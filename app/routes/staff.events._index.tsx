import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { listStaffEvents, type EventState } from "~/models/events.server";
import eventsCss from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "events.staffTitle");

const STATES: EventState[] = ["draft", "published", "past", "cancelled"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const asked = new URL(request.url).searchParams.get("state") as EventState | null;
  const state = asked && STATES.includes(asked) ? asked : undefined;
  return { state: state ?? null, events: await listStaffEvents({ state }) };
}

/** Every event with its dates, state and fill (registered / capacity / waiting). */
export default function StaffEvents() {
  const t = useT();
  const locale = useLocale();
  const { state, events } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("events.staffHeading")}</h1>
      <p>
        <Link to="/staff/events/new" className="button button-primary">
          {t("events.staffCreate")}
        </Link>
      </p>
      <nav aria-label={t("events.staffFilterState")}>
        <ul className="state-counts">
          <li>
            <Link to="/staff/events" className={`button ${!state ? "button-primary" : "button-secondary"}`} aria-current={!state ? "page" : undefined}>
              {t("events.filterAll")}
            </Link>
          </li>
          {STATES.map((s) => (
            <li key={s}>
              <Link to={`/staff/events?state=${s}`} className={`button ${s === state ? "button-primary" : "button-secondary"}`} aria-current={s === state ? "page" : undefined}>
                {t(`events.state.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {events.length === 0 ? (
        <p>{t("events.staffNone")}</p>
      ) : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t("events.staffCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("events.staffColTitle")}</th>
                <th scope="col">{t("events.staffColDate")}</th>
                <th scope="col">{t("events.staffColState")}</th>
                <th scope="col">{t("events.staffColFill")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/staff/events/${e.id}`}>{e.title}</Link>
                    <br />
                    <span className="form-hint">{t(`events.kind.${e.kind}`)}</span>
                  </td>
                  <td className="nowrap">{e.firstStartsAt ? formatDate(locale, e.firstStartsAt, "datetime") : ""}</td>
                  <td>{t(`events.state.${e.state}`)}</td>
                  <td className="nowrap">
                    {t("events.staffFill", { registered: e.registeredPersons, capacity: e.capacity ?? "∞", waiting: e.waitingCount })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
