import { EventDetails, eventDetailsText, type EventMailDetails } from "./event-parts";
import { greeting } from "./invitation";
import { defineEmail, EmailButton, Paragraphs } from "./render";

/**
 * To a person who was invited and has not declined: the event changed (with the updated calendar entry and the link to
 * answer) or was cancelled. These mails are needed information, so an opt-out from invitations does not stop them.
 */
export type InvitationUpdateProps = EventMailDetails & { kind: "changed" | "cancelled"; message: string | null; url: string | null };

export const invitationUpdateEmail = defineEmail<InvitationUpdateProps>({
  subject: (t, p) =>
    p.kind === "changed"
      ? t("invitations.mailChangedSubject", { title: p.calendarTitle })
      : t("invitations.mailCancelledSubject", { title: p.calendarTitle }),
  body: (t, p) => (
    <>
      <p>{greeting(t, p.name)}</p>
      <p>{p.kind === "changed" ? t("invitations.mailChangedIntro") : t("invitations.mailCancelledIntro")}</p>
      {p.message ? <Paragraphs text={p.message} /> : null}
      <EventDetails t={t} details={p} />
      {p.url ? (
        <>
          <EmailButton href={p.url}>{t("invitations.mailChangedButton")}</EmailButton>
          <p>{t("mail.linkFallback")}</p>
          <p style={{ wordBreak: "break-all" }}>{p.url}</p>
        </>
      ) : null}
    </>
  ),
  text: (t, p) =>
    [
      greeting(t, p.name),
      p.kind === "changed" ? t("invitations.mailChangedIntro") : t("invitations.mailCancelledIntro"),
      p.message ?? "",
      eventDetailsText(t, p),
      p.url ? `${t("invitations.mailChangedButton")}:\n${p.url}` : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
});
