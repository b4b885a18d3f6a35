import { defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";

/**
 * Staff's own message to the people registered for an event or waiting for a place (pretix's "send out emails"):
 * the neutral opening of every event mail, then staff's words, then the event's dates and title. No calendar file:
 * nothing about the event changed. `message` is already in the reader's language (Danish when there is no English).
 */
export type ParticipantMessageProps = EventMailDetails & { subject: string; message: string; waiting: boolean };

export const participantMessageEmail = defineEventEmail<ParticipantMessageProps>({
  subject: (t, p) => t("participants.mailSubject", { subject: p.subject, title: p.calendarTitle }),
  lead: (t, p) => t(p.waiting ? "participants.mailLeadWaiting" : "participants.mailLeadRegistered"),
  body: (t, p) => (
    <>
      {p.message.split(/\n{2,}/).map((para, i) => (
        <p key={i} style={{ whiteSpace: "pre-wrap" }}>
          {para}
        </p>
      ))}
      <p>{t("participants.mailAbout")}</p>
      <EventDetails t={t} details={{ ...p, onlineUrl: null }} />
    </>
  ),
  text: (t, p) => [p.message, t("participants.mailAbout"), eventDetailsText(t, { ...p, onlineUrl: null })],
});
