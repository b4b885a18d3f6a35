import { defineEmail, EmailButton } from "./render";

/**
 * Sent to the owner of an address someone applied to the forum with: the form answers as for any application (so
 * it tells no one which addresses have accounts), and the owner learns of it here, with the way back in.
 */
export type ForumApplyKnownProps = { name: string; loginUrl: string; resetUrl: string };

export const forumApplyKnownEmail = defineEmail<ForumApplyKnownProps>({
  subject: (t) => t("forum.mail.knownSubject"),
  body: (t, { name, loginUrl, resetUrl }) => (
    <>
      <p>{t("mail.greeting", { name })}</p>
      <p>{t("forum.mail.knownIntro")}</p>
      <p>{t("forum.mail.knownSignIn")}</p>
      <EmailButton href={loginUrl}>{t("forum.mail.knownButton")}</EmailButton>
      <p>{t("forum.mail.knownReset")}</p>
      <p style={{ wordBreak: "break-all" }}>{resetUrl}</p>
      <p>{t("forum.mail.knownIgnore")}</p>
    </>
  ),
  text: (t, { name, loginUrl, resetUrl }) =>
    [
      t("mail.greeting", { name }),
      t("forum.mail.knownIntro"),
      `${t("forum.mail.knownSignIn")}\n${loginUrl}`,
      `${t("forum.mail.knownReset")}\n${resetUrl}`,
      t("forum.mail.knownIgnore"),
    ].join("\n\n"),
});
