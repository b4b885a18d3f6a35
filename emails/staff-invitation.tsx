import { defineEmail, EmailButton } from "./render";

/** An invitation to VINK staff to choose a password; valid for 7 days, once. */
export type StaffInvitationProps = { name: string; inviterName: string; url: string };

export const staffInvitationEmail = defineEmail<StaffInvitationProps>({
  subject: (t) => t("auth.inviteMailSubject"),
  body: (t, { name, inviterName, url }) => (
    <>
      <p>{t("mail.greeting", { name })}</p>
      <p>{t("auth.inviteMailIntro", { inviter: inviterName })}</p>
      <EmailButton href={url}>{t("auth.inviteMailButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{url}</p>
      <p>{t("auth.inviteMailExpiry")}</p>
    </>
  ),
  text: (t, { name, inviterName, url }) =>
    [
      t("mail.greeting", { name }),
      t("auth.inviteMailIntro", { inviter: inviterName }),
      `${t("mail.linkFallback")}\n${url}`,
      t("auth.inviteMailExpiry"),
    ].join("\n\n"),
});
