import { defineEmail, EmailButton, Paragraphs } from "./render";

/** A decision on an organisation's case, told to each contact in their own language. */
export type ForumCaseKind = "approved" | "rejected" | "infoRequested" | "suspended" | "reinstated" | "reinstatedLapsed" | "left" | "lapsed";
export type ForumCaseProps = { kind: ForumCaseKind; name: string; organisationName: string; message: string | null; url: string };

const keys = {
  approved: { subject: "forum.mail.approvedSubject", intro: "forum.mail.approvedIntro" },
  rejected: { subject: "forum.mail.rejectedSubject", intro: "forum.mail.rejectedIntro" },
  infoRequested: { subject: "forum.mail.infoSubject", intro: "forum.mail.infoIntro" },
  suspended: { subject: "forum.mail.suspendedSubject", intro: "forum.mail.suspendedIntro" },
  reinstated: { subject: "forum.mail.reinstatedSubject", intro: "forum.mail.reinstatedIntro" },
  reinstatedLapsed: { subject: "forum.mail.reinstatedLapsedSubject", intro: "forum.mail.reinstatedLapsedIntro" },
  left: { subject: "forum.mail.leftSubject", intro: "forum.mail.leftIntro" },
  lapsed: { subject: "forum.mail.lapsedSubject", intro: "forum.mail.lapsedIntro" },
} as const;

export const forumCaseEmail = defineEmail<ForumCaseProps>({
  subject: (t, { kind, organisationName }) => t(keys[kind].subject, { organisation: organisationName }),
  body: (t, { kind, name, organisationName, message, url }) => (
    <>
      <p>{t("mail.greeting", { name })}</p>
      <p>{t(keys[kind].intro, { organisation: organisationName })}</p>
      {message ? (
        <div style={{ borderLeft: "4px solid #ccc", paddingLeft: 12 }}>
          <Paragraphs text={message} />
        </div>
      ) : null}
      <EmailButton href={url}>{t("forum.mail.openButton")}</EmailButton>
      <p style={{ wordBreak: "break-all" }}>{url}</p>
    </>
  ),
  text: (t, { kind, name, organisationName, message, url }) =>
    [t("mail.greeting", { name }), t(keys[kind].intro, { organisation: organisationName }), message ?? "", url].filter(Boolean).join("\n\n"),
});
