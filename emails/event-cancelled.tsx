import { defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { Paragraphs } from "./render";

/**
 * Staff cancelled the event; for registered people the calendar part (METHOD:CANCEL) removes the entry. Staff's own
 * message may name the topic, so it comes after the dates and the title.
 */
export type EventCancelledProps = EventMailDetails & { message: string | null; hadCalendar: boolean };

export const eventCancelledEmail = defineEventEmail<EventCancelledProps>({
  subject: (t, p) => t("events.mailEventCancelledSubject", { title: p.calendarTitle }),
  lead: (t) => t("events.mailEventCancelledLead"),
  body: (t, p) => (
    <>
      <p>{t("events.mailEventCancelledIntro")}</p>
      <EventDetails t={t} details={{ ...p, onlineUrl: null }} />
      {p.message ? <Paragraphs text={p.message} /> : null}
      {p.hadCalendar ? <p>{t("events.mailCalendarRemoved")}</p> : null}
    </>
  ),
  text: (t, p) => [
    t("events.mailEventCancelledIntro"),
    eventDetailsText(t, { ...p, onlineUrl: null }),
    p.message ?? "",
    p.hadCalendar ? t("events.mailCalendarRemoved") : "",
  ],
});
