import type { Translate } from "~/lib/i18n";
import { defineEmail, EmailButton } from "./render";

/** A new charter version to sign, or a reminder before its deadline. */
export type ForumCharterProps = { kind: "newVersion" | "reminder"; name: string; organisationName: string; number: number; deadline: string; url: string };

export const forumCharterEmail = defineEmail<ForumCharterProps>({
  subject: (t, { kind, organisationName }) =>
    kind === "newVersion" ? t("forum.mail.newVersionSubject", { organisation: organisationName }) : t("forum.mail.reminderSubject", { organisation: organisationName }),
  body: (t, p) => (
    <>
      <p>{t("mail.greeting", { name: p.name })}</p>
      <p>{intro(t, p)}</p>
      <EmailButton href={p.url}>{t("forum.mail.signButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{p.url}</p>
      <p>{t("forum.mail.lapseWarning")}</p>
    </>
  ),
  text: (t, p) => [t("mail.greeting", { name: p.name }), intro(t, p), `${t("mail.linkFallback")}\n${p.url}`, t("forum.mail.lapseWarning")].join("\n\n"),
});

function intro(t: Translate, p: ForumCharterProps) {
  const vars = { organisation: p.organisationName, number: p.number, deadline: p.deadline };
  return p.kind === "newVersion" ? t("forum.mail.newVersionIntro", vars) : t("forum.mail.reminderIntro", vars);
}
