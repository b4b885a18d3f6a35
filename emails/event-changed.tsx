import { ChangeList, changeListText, defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { EmailButton } from "./render";

/**
 * Staff changed the time or place of an event the person is registered for: what changed (old → new, per session),
 * then what holds now; the calendar part updates their entry.
 */
export type EventChangedProps = EventMailDetails & { changes: string[]; url: string | null };

export const eventChangedEmail = defineEventEmail<EventChangedProps>({
  subject: (t, p) => t("events.mailChangedSubject", { title: p.calendarTitle }),
  lead: (t) => t("events.mailChangedLead"),
  body: (t, p) => (
    <>
      <ChangeList t={t} changes={p.changes} />
      <p>{t("events.mailChangedIntro")}</p>
      <EventDetails t={t} details={p} />
      <p>{t("events.mailCalendarUpdated")}</p>
      {p.url ? <EmailButton href={p.url}>{t("events.mailPrivateLinkButton")}</EmailButton> : null}
    </>
  ),
  text: (t, p) => [
    changeListText(t, p.changes),
    t("events.mailChangedIntro"),
    eventDetailsText(t, p),
    t("events.mailCalendarUpdated"),
    p.url ? `${t("events.mailPrivateLinkButton")}:\n${p.url}` : "",
  ],
});
