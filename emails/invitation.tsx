import { defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { EmailButton, Paragraphs } from "./render";
import type { Translate } from "~/lib/i18n";

/**
 * An invitation to one person: the event, staff's own heading and message (plain text, paragraphs kept, nothing
 * interpreted as markup), and personal links to answer yes, no or maybe without signing in. The calendar part and
 * the List-Unsubscribe headers are added by the model. Staff's words may name the topic: they come after the neutral
 * opening and the dates, and for a discreet event the subject is the calendar title's, not staff's.
 */
export type InvitationEmailProps = EventMailDetails & {
  subject: string;
  message: string;
  /** the closing ("Venlig hilsen …"), put after the event details and the answer links */
  signature?: string | null;
  /** an English frame around a message staff wrote only in Danish */
  messageInDanish?: boolean;
  urls: { yes: string; no: string; maybe: string };
  unsubscribeUrl: string | null;
  reminder?: boolean;
};

function subjectOf(t: Translate, p: InvitationEmailProps) {
  return p.discreet ? t("invitations.mailSubject", { title: p.calendarTitle }) : p.subject;
}

export const invitationEmail = defineEventEmail<InvitationEmailProps>({
  subject: (t, p) => (p.reminder ? t("invitations.mailReminderSubject", { subject: subjectOf(t, p) }) : subjectOf(t, p)),
  lead: (t, p) => (p.reminder ? t("invitations.mailReminderIntro") : t("invitations.mailLead")),
  body: (t, p) => (
    <>
      <EventDetails t={t} details={p} />
      <p>
        <strong>{p.subject}</strong>
      </p>
      {p.messageInDanish ? <p style={{ fontStyle: "italic" }}>{t("invitations.mailMessageInDanish")}</p> : null}
      <Paragraphs text={p.message} />
      <p>
        <strong>{t("invitations.mailAnswerHeading")}</strong>
      </p>
      <EmailButton href={p.urls.yes}>{t("invitations.mailYes")}</EmailButton>
      <p>
        <a href={p.urls.no}>{t("invitations.mailNo")}</a> · <a href={p.urls.maybe}>{t("invitations.mailMaybe")}</a>
      </p>
      <p>{t("invitations.mailAnswerNote")}</p>
      {p.signature ? <Paragraphs text={p.signature} /> : null}
      {p.unsubscribeUrl ? (
        <p style={{ fontSize: 13, color: "#555" }}>
          {t("invitations.mailUnsubscribeText")} <a href={p.unsubscribeUrl}>{t("invitations.mailUnsubscribeLink")}</a>
        </p>
      ) : null}
    </>
  ),
  text: (t, p) => [
    eventDetailsText(t, p),
    p.subject,
    p.messageInDanish ? t("invitations.mailMessageInDanish") : "",
    p.message.replace(/\r\n?/g, "\n").trim(),
    t("invitations.mailAnswerHeading"),
    `${t("invitations.mailYes")}:\n${p.urls.yes}`,
    `${t("invitations.mailNo")}:\n${p.urls.no}`,
    `${t("invitations.mailMaybe")}:\n${p.urls.maybe}`,
    t("invitations.mailAnswerNote"),
    p.signature ?? "",
    p.unsubscribeUrl ? `${t("invitations.mailUnsubscribeText")}\n${p.unsubscribeUrl}` : "",
  ],
});
