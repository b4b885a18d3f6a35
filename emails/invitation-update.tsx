import { ChangeList, changeListText, defineEventEmail, EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { EmailButton, Paragraphs } from "./render";

/**
 * To a person who was invited and has not declined: the event changed (what changed, the updated calendar entry and
 * the link to answer) or was cancelled. These mails are needed information, so an opt-out from invitations does not
 * stop them.
 */
export type InvitationUpdateProps = EventMailDetails & { kind: "changed" | "cancelled"; changes: string[]; message: string | null; url: string | null };

export const invitationUpdateEmail = defineEventEmail<InvitationUpdateProps>({
  subject: (t, p) =>
    p.kind === "changed"
      ? t("invitations.mailChangedSubject", { title: p.calendarTitle })
      : t("invitations.mailCancelledSubject", { title: p.calendarTitle }),
  lead: (t, p) => (p.kind === "changed" ? t("invitations.mailChangedLead") : t("invitations.mailCancelledLead")),
  body: (t, p) => (
    <>
      {p.kind === "changed" ? <ChangeList t={t} changes={p.changes} /> : null}
      <p>{p.kind === "changed" ? t("invitations.mailChangedIntro") : t("invitations.mailCancelledIntro")}</p>
      <EventDetails t={t} details={p} />
      {p.message ? <Paragraphs text={p.message} /> : null}
      {p.url ? (
        <>
          <EmailButton href={p.url}>{t("invitations.mailChangedButton")}</EmailButton>
          <p>{t("mail.linkFallback")}</p>
          <p style={{ wordBreak: "break-all" }}>{p.url}</p>
        </>
      ) : null}
    </>
  ),
  text: (t, p) => [
    p.kind === "changed" ? changeListText(t, p.changes) : "",
    p.kind === "changed" ? t("invitations.mailChangedIntro") : t("invitations.mailCancelledIntro"),
    eventDetailsText(t, p),
    p.message ?? "",
    p.url ? `${t("invitations.mailChangedButton")}:\n${p.url}` : "",
  ],
});
