import { EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { defineEmail, EmailButton } from "./render";

/** Staff changed the time or place of an event the person is registered for; the calendar part updates their entry. */
export type EventChangedProps = EventMailDetails & { url: string | null };

export const eventChangedEmail = defineEmail<EventChangedProps>({
  subject: (t, p) => t("events.mailChangedSubject", { title: p.calendarTitle }),
  body: (t, p) => (
    <>
      <p>{t("mail.greeting", { name: p.name })}</p>
      <p>{t("events.mailChangedIntro")}</p>
      <EventDetails t={t} details={p} />
      <p>{t("events.mailCalendarUpdated")}</p>
      {p.url ? <EmailButton href={p.url}>{t("events.mailPrivateLinkButton")}</EmailButton> : null}
    </>
  ),
  text: (t, p) =>
    [t("mail.greeting", { name: p.name }), t("events.mailChangedIntro"), eventDetailsText(t, p), t("events.mailCalendarUpdated"), p.url ?? ""]
      .filter(Boolean)
      .join("\n\n"),
});
