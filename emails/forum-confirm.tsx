import { defineEmail, EmailButton } from "./render";

/** Sent right after an application: the contact confirms the email address before the application reaches staff. */
export type ForumConfirmProps = { name: string; organisationName: string; url: string; keepDays: number };

export const forumConfirmEmail = defineEmail<ForumConfirmProps>({
  subject: (t) => t("forum.mail.confirmSubject"),
  body: (t, { name, organisationName, url, keepDays }) => (
    <>
      <p>{t("mail.greeting", { name })}</p>
      <p>{t("forum.mail.confirmIntro", { organisation: organisationName })}</p>
      <EmailButton href={url}>{t("forum.mail.confirmButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{url}</p>
      <p>{t("forum.mail.confirmExpiry", { days: keepDays })}</p>
    </>
  ),
  text: (t, { name, organisationName, url, keepDays }) =>
    [
      t("mail.greeting", { name }),
      t("forum.mail.confirmIntro", { organisation: organisationName }),
      `${t("mail.linkFallback")}\n${url}`,
      t("forum.mail.confirmExpiry", { days: keepDays }),
    ].join("\n\n"),
});
