import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { sessionText } from "~/components/events";
import { redirectWithNotice } from "~/lib/flash.server";
import { notFound } from "~/lib/http.server";
import { useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { getEventForStaff } from "~/models/events.server";
import { getParticipants, setAttendance } from "~/models/participants.server";
import eventsCss from "~/styles/events.css?url";
import { Notice } from "~/components/notice";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.event.title ?? "");

/** Attendance per session, made for a phone: one big checkbox per registration, one save button. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const event = await getEventForStaff(params.eventId ?? "");
  if (!event) notFound();
  const asked = new URL(request.url).searchParams.get("session");
  const now = Date.now();
  const current = event.sessions.find((s) => s.id === asked) ?? event.sessions.find((s) => s.endsAt.getTime() > now) ?? event.sessions.at(-1);
  const registered = (await getParticipants(event.id)).filter((p) => p.status === "REGISTERED");
  return {
    event: { id: event.id, title: event.title },
    sessions: event.sessions.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt })),
    sessionId: current?.id ?? null,
    people: registered.map((p) => ({ id: p.id, name: p.people.join(", "), groupSize: p.groupSize, present: current ? p.present[current.id] === true : false })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const eventId = params.eventId ?? "";
  const form = await request.formData();
  const sessionId = String(form.get("sessionId") ?? "");
  const present = new Set(form.getAll("present").map(String));
  const ok = await setAttendance({ actorId: user.id, eventId, sessionId, present });
  if (!ok) notFound();
  return redirectWithNotice(`/staff/events/${encodeURIComponent(eventId)}/attendance?session=${encodeURIComponent(sessionId)}`, "events.attendanceSaved");
}

export default function Attendance() {
  const t = useT();
  const locale = useLocale();
  const { event, sessions, sessionId, people } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/staff/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("events.attendanceHeading")}</h1>
      <Notice />
      <Form method="get">
        <div className="form-group">
          <label className="form-label" htmlFor="attendance-session">
            {t("events.attendanceChooseSession")}
          </label>
          <select className="form-select" id="attendance-session" name="session" defaultValue={sessionId ?? ""}>
            {sessions.map((s, i) => (
              <option key={s.id} value={s.id}>
                {t("events.sessionLegend", { n: i + 1 })}: {sessionText(locale, s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("events.attendanceChooseSession")}
        </button>
      </Form>
      {people.length === 0 || !sessionId ? (
        <p>{t("events.attendanceNone")}</p>
      ) : (
        <Form method="post" key={sessionId}>
          <input type="hidden" name="sessionId" value={sessionId} />
          <fieldset>
            <legend className="sr-only">{t("events.attendanceHeading")}</legend>
            <ul className="nobullet-list attendance-list">
              {people.map((p) => (
                <li key={p.id} className="form-group-checkbox">
                  <input className="form-checkbox" type="checkbox" id={`present-${p.id}`} name="present" value={p.id} defaultChecked={p.present} />
                  <label htmlFor={`present-${p.id}`}>
                    {p.name} ({p.groupSize})
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" className="button button-primary">
            {t("events.attendanceSave")}
          </button>
        </Form>
      )}
    </>
  );
}
