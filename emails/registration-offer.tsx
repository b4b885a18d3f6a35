import { defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { EmailButton } from "./render";

/**
 * A freed place, offered to the first on the waitlist whose group fits; the links accept or decline it. `deadline`
 * is the weekday, date and time the offer ends ("tirsdag den 15. december 2026 kl. 08.00"), never at night.
 */
export type RegistrationOfferProps = EventMailDetails & { deadline: string; url: string };

export const registrationOfferEmail = defineEventEmail<RegistrationOfferProps>({
  subject: (t, p) => t("events.mailOfferSubject", { title: p.calendarTitle }),
  lead: (t, p) => t("events.mailOfferLead", { deadline: p.deadline }),
  body: (t, p) => (
    <>
      <p>{t("events.mailOfferIntro", { deadline: p.deadline })}</p>
      <EventDetails t={t} details={p} />
      <EmailButton href={p.url}>{t("events.mailOfferButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{p.url}</p>
      <p>{t("events.mailOfferPass")}</p>
    </>
  ),
  text: (t, p) => [t("events.mailOfferIntro", { deadline: p.deadline }), eventDetailsText(t, p), `${t("events.mailOfferButton")}:\n${p.url}`, t("events.mailOfferPass")],
});
