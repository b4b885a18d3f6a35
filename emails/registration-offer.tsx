import { EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { defineEmail, EmailButton } from "./render";

/** A freed place, offered to the first on the waitlist whose group fits; the links accept or decline it. */
export type RegistrationOfferProps = EventMailDetails & { expires: string; url: string };

export const registrationOfferEmail = defineEmail<RegistrationOfferProps>({
  subject: (t, p) => t("events.mailOfferSubject", { title: p.calendarTitle }),
  body: (t, p) => (
    <>
      <p>{t("mail.greeting", { name: p.name })}</p>
      <p>{t("events.mailOfferIntro", { expires: p.expires })}</p>
      <EventDetails t={t} details={p} />
      <EmailButton href={p.url}>{t("events.mailOfferButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{p.url}</p>
      <p>{t("events.mailOfferPass")}</p>
    </>
  ),
  text: (t, p) =>
    [
      t("mail.greeting", { name: p.name }),
      t("events.mailOfferIntro", { expires: p.expires }),
      eventDetailsText(t, p),
      `${t("events.mailOfferButton")}:\n${p.url}`,
      t("events.mailOfferPass"),
    ].join("\n\n"),
});
