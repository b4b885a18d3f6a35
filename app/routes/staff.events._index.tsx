import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StaffEventTable } from "~/components/events";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import type { EventState } from "~/models/event-options";
import { listStaffEvents } from "~/models/events.server";
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
        <StaffEventTable events={events} caption={t("events.staffCaption")} />
      )}
    </>
  );
}
