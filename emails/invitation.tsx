import { EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { defineEmail, EmailButton, Paragraphs } from "./render";
import type { Translate } from "~/lib/i18n";

/**
 * An invitation to one person: staff's own subject and message (plain text, paragraphs kept, nothing interpreted as
 * markup), the event, and personal links to answer yes, no or maybe without signing in. The calendar part and the
 * List-Unsubscribe headers are added by the model.
 */
export type InvitationEmailProps = EventMailDetails & {
  subject: string;
  message: string;
  urls: { yes: string; no: string; maybe: string };
  unsubscribeUrl: string | null;
  reminder?: boolean;
};

export function greeting(t: Translate, name: string) {
  return name ? t("mail.greeting", { name }) : t("invitations.mailGreetingNoName");
}

export const invitationEmail = defineEmail<InvitationEmailProps>({
  subject: (t, p) => (p.reminder ? t("invitations.mailReminderSubject", { subject: p.subject }) : p.subject),
  body: (t, p) => (
    <>
      <p>{greeting(t, p.name)}</p>
      {p.reminder ? <p>{t("invitations.mailReminderIntro")}</p> : null}
      <Paragraphs text={p.message} />
      <EventDetails t={t} details={p} />
      <p>
        <strong>{t("invitations.mailAnswerHeading")}</strong>
      </p>
      <EmailButton href={p.urls.yes}>{t("invitations.mailYes")}</EmailButton>
      <p>
        <a href={p.urls.no}>{t("invitations.mailNo")}</a> · <a href={p.urls.maybe}>{t("invitations.mailMaybe")}</a>
      </p>
      <p>{t("invitations.mailAnswerNote")}</p>
      {p.unsubscribeUrl ? (
        <p style={{ fontSize: 13, color: "#555" }}>
          {t("invitations.mailUnsubscribeText")} <a href={p.unsubscribeUrl}>{t("invitations.mailUnsubscribeLink")}</a>
        </p>
      ) : null}
    </>
  ),
  text: (t, p) =>
    [
      greeting(t, p.name),
      p.reminder ? t("invitations.mailReminderIntro") : "",
      p.message.replace(/\r\n?/g, "\n").trim(),
      eventDetailsText(t, p),
      t("invitations.mailAnswerHeading"),
      `${t("invitations.mailYes")}:\n${p.urls.yes}`,
      `${t("invitations.mailNo")}:\n${p.urls.no}`,
      `${t("invitations.mailMaybe")}:\n${p.urls.maybe}`,
      t("invitations.mailAnswerNote"),
      p.unsubscribeUrl ? `${t("invitations.mailUnsubscribeText")}\n${p.unsubscribeUrl}` : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
});
