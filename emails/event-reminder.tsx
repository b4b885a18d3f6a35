import { defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { EmailButton } from "./render";

/** A registered participant's reminder a few days before the first session, with the calendar entry again. */
export type EventReminderProps = EventMailDetails & { url: string };

export const eventReminderEmail = defineEventEmail<EventReminderProps>({
  subject: (t, p) => t("invitations.mailEventReminderSubject", { title: p.calendarTitle }),
  lead: (t) => t("invitations.mailEventReminderLead"),
  body: (t, p) => (
    <>
      <p>{t("invitations.mailEventReminderIntro")}</p>
      <EventDetails t={t} details={p} />
      <EmailButton href={p.url}>{t("invitations.mailEventReminderButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{p.url}</p>
    </>
  ),
  text: (t, p) => [t("invitations.mailEventReminderIntro"), eventDetailsText(t, p), `${t("invitations.mailEventReminderButton")}:\n${p.url}`],
});
