import { invitationEmail, type InvitationEmailProps } from "#emails/invitation";
import { renderEmail, renderEmails } from "#emails/render";
import { CALENDAR_METHOD, personalCalendar, personalCalendars } from "~/lib/calendar.server";
import type { Db } from "~/lib/db.server";
import { localeOf, type Locale } from "~/lib/i18n";
import type { OutgoingEmail } from "~/lib/outbox.server";
import { urls } from "~/lib/urls.server";
import { calendarInput, type EventWithSessions } from "./event-options";
import { eventMailDetails } from "./registration-mail.server";

/**
 * One recipient's invitation mail (or reminder): only them in To, their own calendar invitation (METHOD:REQUEST, them
 * as the only ATTENDEE, NEEDS-ACTION without RSVP: the answer links are the way to answer,
 * docs/decisions/0014-calendar-replies.md), personal links to answer yes / no / maybe, and List-Unsubscribe for
 * one-click opt-out. The mail to a recipient is the outbox row with batchId = invitation id and dedupeKey
 * "invitation:<inv>:<recipient>", so the state staff see (waiting / sent / failed) is read from the outbox itself.
 */

export const KIND_INVITATION = "invitation";
export const KIND_REMINDER = "invitation-reminder";

/** The outbox key of a recipient's invitation mail (its state is read back by this key). */
export const invitationKey = (invitationId: string, recipientId: string) => `invitation:${invitationId}:${recipientId}`;

export const loadEvent = (tx: Db, eventId: string) =>
  tx.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });

type RecipientLike = { name: string; email: string; locale: string | null };
type InvitationText = { subject: string; message: string; messageEn?: string | null };

/** The message in the recipient's language: English when staff wrote one, else the Danish one (the frame says so). */
export function messageFor(invitation: InvitationText, locale: Locale) {
  const english = locale === "en" && Boolean(invitation.messageEn);
  return { ...splitMessage(english ? invitation.messageEn! : invitation.message), messageInDanish: locale === "en" && !english };
}

const GREETING = /^(kære|hej|hejsa|goddag|dear|hi|hello)\b[^\n]{0,60}[,!:]?$/i;
const SIGN_OFF = /^(med venlig hilsen|venlig hilsen|venligst|mvh|de bedste hilsner|bedste hilsner|hilsen|kind regards|best regards|regards|best wishes|yours sincerely)\b/i;

/**
 * The mail has one greeting (ours, with the person's name), so a greeting line staff wrote first is dropped; a
 * closing paragraph ("Venlig hilsen …") becomes the signature, which the mail puts after the event details and links.
 */
export function splitMessage(text: string): { message: string; signature: string | null } {
  const paragraphs = text.replace(/\r\n?/g, "\n").trim().split(/\n{2,}/);
  const firstLines = paragraphs[0]?.split("\n") ?? [];
  if (paragraphs.length > 1 || firstLines.length > 1) {
    if (firstLines.length === 1 && GREETING.test(firstLines[0]!.trim())) paragraphs.shift();
    else if (GREETING.test(firstLines[0]!.trim())) paragraphs[0] = firstLines.slice(1).join("\n");
  }
  let signature: string | null = null;
  const last = paragraphs[paragraphs.length - 1];
  if (paragraphs.length > 1 && last && SIGN_OFF.test(last.trim())) signature = paragraphs.pop()!.trim();
  return { message: paragraphs.join("\n\n").trim(), signature };
}

function invitationProps(
  event: EventWithSessions,
  invitation: InvitationText,
  name: string,
  token: string,
  locale: Locale,
  options: { reminder?: boolean; unsubscribe?: boolean },
): InvitationEmailProps {
  return {
    ...eventMailDetails(event, name, locale),
    subject: invitation.subject,
    ...messageFor(invitation, locale),
    urls: { yes: urls.invitationAnswer(token, "yes"), no: urls.invitationAnswer(token, "no"), maybe: urls.invitationAnswer(token, "maybe") },
    unsubscribeUrl: options.unsubscribe === false ? null : urls.unsubscribe(token),
    reminder: options.reminder,
  };
}

/** One mail rendered whole (a preview, a test to staff). */
export function renderInvitation(
  event: EventWithSessions,
  invitation: InvitationText,
  recipient: RecipientLike,
  token: string,
  options: { locale?: Locale; reminder?: boolean; unsubscribe?: boolean } = {},
) {
  const locale = options.locale ?? localeOf(recipient.locale);
  return renderEmail(invitationEmail, locale, invitationProps(event, invitation, recipient.name, token, locale, options));
}

/** The RFC 8058 pair, on invitation mailings only: a mail provider's POST to the URL opts the address out. */
function unsubscribeHeaders(token: string) {
  return { "List-Unsubscribe": `<${urls.unsubscribe(token)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/**
 * The invitation (or reminder) of one mailing, for each of its recipients: the mail is rendered once per language
 * (renderEmails) and the calendar file made once (personalCalendars), then filled in with each recipient's name and
 * token — the same mail, byte for byte, as renderInvitation and personalCalendar make one at a time. A mailing to
 * 5,000 spent 4.5 of its 8 s rendering each mail and file whole.
 */
export function invitationMailer(
  event: EventWithSessions,
  invitation: InvitationText & { id: string },
  kind: typeof KIND_INVITATION | typeof KIND_REMINDER,
  now: Date,
  sent: Map<string, number>,
) {
  const renderers = new Map<Locale, ReturnType<typeof renderEmails<InvitationEmailProps, "name" | "token">>>();
  const render = (locale: Locale) => {
    let renderer = renderers.get(locale);
    if (!renderer) {
      renderer = renderEmails(invitationEmail, locale, (v: { name: string; token: string }) =>
        invitationProps(event, invitation, v.name, v.token, locale, { reminder: kind === KIND_REMINDER }),
      );
      renderers.set(locale, renderer);
    }
    return renderer;
  };
  const calendar = personalCalendars(calendarInput(event), CALENDAR_METHOD.REQUEST, now, { partstat: "NEEDS-ACTION" });
  // an address that had a registration (and files) for this event before gets its invitation above the last of them
  const calendarFor = (recipient: RecipientLike) => {
    const last = sent.get(recipient.email);
    return last === undefined || last < event.sequence
      ? calendar({ email: recipient.email, name: recipient.name })
      : personalCalendar(calendarInput(event), CALENDAR_METHOD.REQUEST, { email: recipient.email, name: recipient.name }, now, { sequence: last + 1, partstat: "NEEDS-ACTION" });
  };
  return (recipient: RecipientLike, dedupeKey: string, token: string): OutgoingEmail => ({
    kind,
    dedupeKey,
    batchId: invitation.id,
    to: recipient.email,
    toName: recipient.name || null,
    ...render(localeOf(recipient.locale))({ name: recipient.name, token }),
    headers: unsubscribeHeaders(token),
    calendar: calendarFor(recipient),
  });
}
