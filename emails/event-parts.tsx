import type { Translate } from "~/lib/i18n";

/**
 * What every event mail shows, already formatted in the recipient's language by the model: the event's real title
 * in the body (the subject carries only the discreet calendar title), its sessions and place.
 */
export type EventMailDetails = {
  name: string;
  calendarTitle: string;
  eventTitle: string;
  sessions: string[];
  place: string | null;
  /** only for registered participants */
  onlineUrl?: string | null;
};

export function EventDetails({ t, details }: { t: Translate; details: EventMailDetails }) {
  return (
    <>
      <p>
        <strong>{details.eventTitle}</strong>
      </p>
      <p style={{ margin: "0 0 4px" }}>{t("events.mailWhen")}</p>
      <ul>
        {details.sessions.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
      {details.place ? (
        <p>
          {t("events.mailWhere")} {details.place}
        </p>
      ) : null}
      {details.onlineUrl ? (
        <p>
          {t("events.mailOnline")} <a href={details.onlineUrl}>{details.onlineUrl}</a>
        </p>
      ) : null}
    </>
  );
}

export function eventDetailsText(t: Translate, details: EventMailDetails): string {
  return [
    details.eventTitle,
    `${t("events.mailWhen")}\n${details.sessions.map((s) => `- ${s}`).join("\n")}`,
    details.place ? `${t("events.mailWhere")} ${details.place}` : "",
    details.onlineUrl ? `${t("events.mailOnline")} ${details.onlineUrl}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}
