import { EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { defineEmail, Paragraphs } from "./render";

/** Staff cancelled the event; for registered people the calendar part (METHOD:CANCEL) removes the entry. */
export type EventCancelledProps = EventMailDetails & { message: string | null; hadCalendar: boolean };

export const eventCancelledEmail = defineEmail<EventCancelledProps>({
  subject: (t, p) => t("events.mailEventCancelledSubject", { title: p.calendarTitle }),
  body: (t, p) => (
    <>
      <p>{t("mail.greeting", { name: p.name })}</p>
      <p>{t("events.mailEventCancelledIntro")}</p>
      {p.message ? <Paragraphs text={p.message} /> : null}
      <EventDetails t={t} details={{ ...p, onlineUrl: null }} />
      {p.hadCalendar ? <p>{t("events.mailCalendarRemoved")}</p> : null}
    </>
  ),
  text: (t, p) =>
    [
      t("mail.greeting", { name: p.name }),
      t("events.mailEventCancelledIntro"),
      p.message ?? "",
      eventDetailsText(t, { ...p, onlineUrl: null }),
      p.hadCalendar ? t("events.mailCalendarRemoved") : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
});
