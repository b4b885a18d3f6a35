import { EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { defineEmail } from "./render";

/** A registration has ended: the person cancelled, staff cancelled it, an offer ran out, or staff moved it to the waitlist. */
export type RegistrationCancelledProps = EventMailDetails & { reason: "self" | "staff" | "offer-expired" | "moved-to-waitlist" };

const intro = {
  self: "events.mailCancelledSelf",
  staff: "events.mailCancelledStaff",
  "offer-expired": "events.mailOfferExpired",
  "moved-to-waitlist": "events.mailMovedToWaitlist",
} as const;

export const registrationCancelledEmail = defineEmail<RegistrationCancelledProps>({
  subject: (t, p) => t(p.reason === "moved-to-waitlist" ? "events.mailMovedSubject" : "events.mailCancelledSubject", { title: p.calendarTitle }),
  body: (t, p) => (
    <>
      <p>{t("mail.greeting", { name: p.name })}</p>
      <p>{t(intro[p.reason])}</p>
      <EventDetails t={t} details={{ ...p, onlineUrl: null }} />
    </>
  ),
  text: (t, p) => [t("mail.greeting", { name: p.name }), t(intro[p.reason]), eventDetailsText(t, { ...p, onlineUrl: null })].join("\n\n"),
});
