import { defineEmail, EmailButton } from "./render";

/** A member invites another contact person of the organisation, who chooses a password through the link. */
export type ForumContactInviteProps = { name: string; inviterName: string; organisationName: string; url: string };

export const forumContactInviteEmail = defineEmail<ForumContactInviteProps>({
  subject: (t, { organisationName }) => t("forum.mail.inviteSubject", { organisation: organisationName }),
  body: (t, { name, inviterName, organisationName, url }) => (
    <>
      <p>{t("mail.greeting", { name })}</p>
      <p>{t("forum.mail.inviteIntro", { inviter: inviterName, organisation: organisationName })}</p>
      <EmailButton href={url}>{t("forum.mail.inviteButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{url}</p>
      <p>{t("forum.mail.inviteExpiry")}</p>
    </>
  ),
  text: (t, { name, inviterName, organisationName, url }) =>
    [
      t("mail.greeting", { name }),
      t("forum.mail.inviteIntro", { inviter: inviterName, organisation: organisationName }),
      `${t("mail.linkFallback")}\n${url}`,
      t("forum.mail.inviteExpiry"),
    ].join("\n\n"),
});
