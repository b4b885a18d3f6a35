import { defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { EmailButton } from "./render";

/** Sent at sign-up (registered or on the waitlist) and when a waitlist offer is accepted or staff give a place. */
export type RegistrationConfirmationProps = EventMailDetails & {
  status: "REGISTERED" | "WAITLISTED";
  position: number | null;
  groupSize: number;
  /** how long a waitlist offer stays open */
  offerHours: number;
  url: string;
  /** the personal link to the start questionnaire, when the event has one open (app/models/evaluation-answers.server.ts) */
  evaluationUrl?: string | null;
};

export const registrationConfirmationEmail = defineEventEmail<RegistrationConfirmationProps>({
  subject: (t, p) =>
    t(p.status === "REGISTERED" ? "events.mailConfirmedSubject" : "events.mailWaitlistedSubject", { title: p.calendarTitle }),
  lead: (t, p) => (p.status === "REGISTERED" ? t("events.mailConfirmedLead") : t("events.mailWaitlistedLead", { position: p.position ?? 1 })),
  body: (t, p) => (
    <>
      <p>{p.status === "REGISTERED" ? t("events.mailConfirmedIntro", { count: p.groupSize }) : t("events.mailWaitlistedIntro", { hours: p.offerHours })}</p>
      <EventDetails t={t} details={p} />
      {p.status === "REGISTERED" ? <p>{t("events.mailCalendarNote")}</p> : null}
      <p>{t("events.mailPrivateLinkIntro")}</p>
      <EmailButton href={p.url}>{t("events.mailPrivateLinkButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{p.url}</p>
      {p.evaluationUrl ? (
        <>
          <p>{t("evaluations.mailConfirmationIntro")}</p>
          <EmailButton href={p.evaluationUrl}>{t("evaluations.mailConfirmationButton")}</EmailButton>
          <p style={{ wordBreak: "break-all" }}>{p.evaluationUrl}</p>
        </>
      ) : null}
      <p>{t("events.mailPrivacy")}</p>
    </>
  ),
  text: (t, p) => [
    p.status === "REGISTERED" ? t("events.mailConfirmedIntro", { count: p.groupSize }) : t("events.mailWaitlistedIntro", { hours: p.offerHours }),
    eventDetailsText(t, p),
    p.status === "REGISTERED" ? t("events.mailCalendarNote") : "",
    `${t("events.mailPrivateLinkIntro")}\n${p.url}`,
    p.evaluationUrl ? `${t("evaluations.mailConfirmationIntro")}\n${p.evaluationUrl}` : "",
    t("events.mailPrivacy"),
  ],
});
