import { defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { EmailButton } from "./render";

/** After an event's last session: the participant's personal link to the end questionnaire (app/models/evaluation-answers.server.ts). */
export type EvaluationInviteProps = EventMailDetails & { url: string; days: number };

export const evaluationInviteEmail = defineEventEmail<EvaluationInviteProps>({
  subject: (t, p) => t("evaluations.mailSubject", { title: p.calendarTitle }),
  lead: (t) => t("evaluations.mailLead"),
  body: (t, p) => (
    <>
      <p>{t("evaluations.mailIntro")}</p>
      <EmailButton href={p.url}>{t("evaluations.mailButton")}</EmailButton>
      <p>{t("evaluations.mailOpenDays", { days: p.days })}</p>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{p.url}</p>
      <EventDetails t={t} details={p} />
    </>
  ),
  text: (t, p) => [t("evaluations.mailIntro"), `${t("evaluations.mailButton")}:\n${p.url}`, t("evaluations.mailOpenDays", { days: p.days }), eventDetailsText(t, p)],
});
