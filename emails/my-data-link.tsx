import { defineEmail, EmailButton } from "./render";

/**
 * The link to a person's own data. Sent whether or not anything is held about the address, and says nothing of what
 * is: no name (we may not know one), no topic, only the link and how long it works.
 */
export type MyDataLinkProps = { url: string; hours: number };

export const myDataLinkEmail = defineEmail<MyDataLinkProps>({
  subject: (t) => t("privacy.mailSubject"),
  preheader: (t) => t("privacy.mailPreheader"),
  body: (t, { url, hours }) => (
    <>
      <p>{t("privacy.mailGreeting")}</p>
      <p>{t("privacy.mailIntro")}</p>
      <EmailButton href={url}>{t("privacy.mailButton")}</EmailButton>
      <p>{t("mail.linkFallback")}</p>
      <p style={{ wordBreak: "break-all" }}>{url}</p>
      <p>{t("privacy.mailExpiry", { hours })}</p>
      <p>{t("privacy.mailIgnore")}</p>
    </>
  ),
  text: (t, { url, hours }) =>
    [t("privacy.mailGreeting"), t("privacy.mailIntro"), `${t("mail.linkFallback")}\n${url}`, t("privacy.mailExpiry", { hours }), t("privacy.mailIgnore")].join("\n\n"),
});
