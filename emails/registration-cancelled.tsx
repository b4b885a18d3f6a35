import { defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";

/** A registration has ended: the person cancelled, staff cancelled it, an offer ran out, or staff moved it to the waitlist. */
export type RegistrationCancelledProps = EventMailDetails & { reason: "self" | "staff" | "offer-expired" | "moved-to-waitlist" };

const lead = {
  self: "events.mailCancelledSelfLead",
  staff: "events.mailCancelledStaffLead",
  "offer-expired": "events.mailOfferExpiredLead",
  "moved-to-waitlist": "events.mailMovedLead",
} as const;

const intro = {
  self: "events.mailCancelledSelf",
  staff: "events.mailCancelledStaff",
  "offer-expired": "events.mailOfferExpired",
  "moved-to-waitlist": "events.mailMovedToWaitlist",
} as const;

export const registrationCancelledEmail = defineEventEmail<RegistrationCancelledProps>({
  subject: (t, p) => t(p.reason === "moved-to-waitlist" ? "events.mailMovedSubject" : "events.mailCancelledSubject", { title: p.calendarTitle }),
  lead: (t, p) => t(lead[p.reason]),
  body: (t, p) => (
    <>
      <p>{t(intro[p.reason])}</p>
      <EventDetails t={t} details={{ ...p, onlineUrl: null }} />
    </>
  ),
  text: (t, p) => [t(intro[p.reason]), eventDetailsText(t, { ...p, onlineUrl: null })],
});
