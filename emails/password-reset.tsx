import { defineEmail, EmailButton } from "./render";

/** A link to choose a new password; valid for one hour, once. Only the recipient's own name and the link go in. */
export type PasswordResetProps = { name: string; url: string };

export const passwordResetEmail = defineEmail<PasswordResetProps>({
  subject: (t) => t("auth.resetMailSubject"),
  body: (t, { name, url }) => (
    <>
      <p>{t("mail.greeting", { name })}</p>
      <p>{t("auth.resetMailIntro")}</p>
      <EmailButton href={url}>{t("auth.resetMailButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{url}</p>
      <p>{t("auth.resetMailExpiry")}</p>
      <p>{t("auth.resetMailIgnore")}</p>
    </>
  ),
  text: (t, { name, url }) =>
    [
      t("mail.greeting", { name }),
      t("auth.resetMailIntro"),
      `${t("mail.linkFallback")}\n${url}`,
      t("auth.resetMailExpiry"),
      t("auth.resetMailIgnore"),
    ].join("\n\n"),
});
