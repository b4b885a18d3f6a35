import type { ScheduledTask } from "~/lib/scheduled.server";
import { z } from "zod";
import type { InvitationAnswer } from "~/generated/prisma/client";
import { invitationEmail, type InvitationEmailProps } from "#emails/invitation";
import { invitationUpdateEmail } from "#emails/invitation-update";
import { renderEmail, renderEmails } from "#emails/render";
import { audit } from "~/lib/audit.server";
import { tallyInvitations } from "./status-tally.server";
import { CALENDAR_METHOD, personalCalendar, personalCalendars } from "~/lib/calendar.server";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { isLocale, localeOf, type Locale } from "~/lib/i18n";
import { queueEmail, queueEmails, type OutgoingEmail } from "~/lib/outbox.server";
import { retryFailed } from "~/lib/mail-worker.server";
import { nudgeWorker } from "~/lib/worker.server";
import type { Person } from "./audience.server";
import { csvRows, guessMapping, parseRecipients, parseTable, type BadLine, type ColumnMapping, type RecipientParse } from "./recipient-input";
import { calendarInput, registrationWindow, type EventWithSessions } from "./event-options";
import { DISTRICTS } from "./forum-rules";
import { listActiveMemberContacts } from "./membership.server";
import { changeLines, type EventChanges } from "./event-diff";
import { cancelRegistration, registerForEvent } from "./registrations.server";
import { eventMailDetails, sentCalendarSequences } from "./registration-mail.server";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { isOptedOut, optedOutSet } from "./optouts.server";

/**
 * Invitations: staff choose an audience for an event, check a preview, confirm, and every recipient gets their own
 * message through the outbox — only them in To, their own calendar invitation (METHOD:REQUEST, them as the only
 * ATTENDEE, NEEDS-ACTION without RSVP: the answer links are the way to answer, docs/decisions/0014-calendar-replies.md),
 * personal links to answer yes / no / maybe, and List-Unsubscribe for one-click opt-out.
 *
 * The mail to a recipient is the outbox row with batchId = invitation id and dedupeKey "invitation:<inv>:<recipient>",
 * so the state staff see (waiting / sent / failed) is read from the outbox itself, never copied.
 */

export const KIND_INVITATION = "invitation";
export const KIND_REMINDER = "invitation-reminder";
export const REMIND_INTERVAL_MS = 24 * 3600_000;
export const DELETE_AFTER_DAYS = 90;

const invitationKey = (invitationId: string, recipientId: string) => `invitation:${invitationId}:${recipientId}`;
export const answerUrl = (token: string, answer?: "yes" | "no" | "maybe") =>
  `${env().APP_URL}/invitations/${token}${answer ? `?answer=${answer}` : ""}`;
export const unsubscribeUrl = (token: string) => `${env().APP_URL}/unsubscribe/${token}`;

// ─── The compose form ────────────────────────────────────────────────────────────────────────────────────────────

// eslint-disable-next-line no-control-regex -- a subject may hold no control characters at all
const controlChars = /[\u0000-\u001f\u007f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- a message keeps tabs and line breaks, nothing else
const controlCharsMultiline = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const toList = (v: unknown) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]);

export const composeSchema = z
  .object({
    subject: z
      .string({ required_error: "form.required" })
      .trim()
      .min(1, "form.required")
      .max(150, "invitations.errorSubjectLong")
      .refine((v) => !controlChars.test(v), "invitations.errorControl"),
    message: z
      .string({ required_error: "form.required" })
      .transform((v) => v.replace(/\r\n?/g, "\n").trim())
      .pipe(
        z
          .string()
          .min(1, "form.required")
          .max(5000, "invitations.errorMessageLong")
          .refine((v) => !controlCharsMultiline.test(v), "invitations.errorControl")
          .refine((v) => !/<\/?[a-z!][^>]*>/i.test(v), "invitations.errorHtml"),
      ),
    messageEn: z
      .string()
      .optional()
      .transform((v) => (v ?? "").replace(/\r\n?/g, "\n").trim())
      .pipe(
        z
          .string()
          .max(5000, "invitations.errorMessageLong")
          .refine((v) => !controlCharsMultiline.test(v), "invitations.errorControl")
          .refine((v) => !/<\/?[a-z!][^>]*>/i.test(v), "invitations.errorHtml"),
      ),
    members: z.string().optional().transform((v) => v === "on"),
    districts: z.preprocess(toList, z.array(z.enum(DISTRICTS, { errorMap: () => ({ message: "invitations.errorDistrict" }) }))),
    pastEvents: z.preprocess(toList, z.array(z.string().max(40))),
    pasted: z.string().max(1_000_000, "invitations.errorListLong").optional().default(""),
    // "leave them out and continue": bad lines become left-out entries instead of refusing the list
    leaveOut: z.string().optional().transform((v) => v === "on" || v === "1"),
  });

/** An uploaded table and staff's column mapping (from the mapping step), or a CSV text whose columns are guessed. */
export type TableInput = { rows: string[][]; mapping: ColumnMapping; header: boolean };

export type ComposeInput = z.infer<typeof composeSchema>;

// ─── Choosing the audience ───────────────────────────────────────────────────────────────────────────────────────

/** Earlier events whose participants may be invited (only those who said they may be contacted again count). */
export async function listPastEventsForAudience(eventId: string) {
  const events = await db.event.findMany({
    where: { id: { not: eventId }, registrations: { some: { mayContactAgain: true, status: "REGISTERED" } } },
    orderBy: { firstStartsAt: "desc" },
    take: 100,
    select: { id: true, title: true, firstStartsAt: true },
  });
  return events;
}

export type AudienceSummary = {
  members: number;
  past: number;
  pasted: number;
  duplicates: number;
  optedOut: number;
  alreadyRegistered: number;
  total: number;
};

export type PrepareResult =
  | { ok: true; invitationId: string; summary: AudienceSummary }
  | { ok: false; error: "not-found" | "event-closed" | "empty"; lineErrors?: never }
  | { ok: false; error: "bad-lines"; lineErrors: (BadLine & { source: "pasted" | "csv" })[] };

export type LeftOutReason = "invalid" | "duplicate" | "unsubscribed" | "registered";
type LeftOutRow = { reason: LeftOutReason; source: string; line: number | null; name: string; email: string; problem: string | null };

/**
 * Resolves the audience into a draft invitation with one recipient per address: merged, opted-out addresses and
 * people already on the event left out. A list with any bad line is refused whole and nothing is saved.
 */
export async function prepareInvitation(
  actorId: string | null,
  eventId: string,
  input: ComposeInput,
  table: TableInput | string | null,
  now = new Date(),
): Promise<PrepareResult> {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, status: true, lastEndsAt: true } });
  if (!event || event.status === "DRAFT") return { ok: false, error: "not-found" };
  if (event.status !== "PUBLISHED" || (event.lastEndsAt && event.lastEndsAt <= now)) return { ok: false, error: "event-closed" };

  const pasted = parseRecipients(input.pasted);
  const csv: RecipientParse | null = table === null ? null : readTable(table);
  const lineErrors = [
    ...pasted.errors.map((e) => ({ ...e, source: "pasted" as const })),
    ...(csv?.errors ?? []).map((e) => ({ ...e, source: "csv" as const })),
  ];
  if (lineErrors.length && !input.leaveOut) return { ok: false, error: "bad-lines", lineErrors };
  const leftOut: LeftOutRow[] = lineErrors.map((e) => ({ reason: "invalid", source: e.source, line: e.line, name: "", email: e.text, problem: e.problem }));
  for (const [source, list] of [["pasted", pasted], ["csv", csv]] as const) {
    for (const d of list?.duplicates ?? []) leftOut.push({ reason: "duplicate", source, line: d.line, name: d.name, email: d.email, problem: null });
  }

  const members: Person[] =
    input.members || input.districts.length
      ? (await listActiveMemberContacts(input.members ? {} : { districts: input.districts })).map((c) => ({
          name: c.name,
          email: c.email,
          locale: c.locale,
          userId: c.userId,
          organisationId: c.organisationId,
        }))
      : [];
  const past: Person[] = input.pastEvents.length
    ? (
        await db.registration.findMany({
          where: { eventId: { in: input.pastEvents, not: eventId }, mayContactAgain: true, status: "REGISTERED" },
          orderBy: { createdAt: "desc" },
          select: { name: true, email: true, locale: true },
        })
      ).filter((r) => r.email)
    : [];
  const listed = [...pasted.people.map((p) => ({ ...p, source: "pasted" })), ...(csv?.people ?? []).map((p) => ({ ...p, source: "csv" }))];
  // one entry per address, in order of how well each source knows the person (a member's own name and language first)
  const byEmail = new Map<string, Person>();
  let mergedDuplicates = 0;
  const sources: [string, (Person & { line?: number })[]][] = [["members", members], ["past", past], ["list", listed]];
  for (const [source, list] of sources) {
    for (const p of list) {
      const email = p.email.trim().toLowerCase();
      const existing = byEmail.get(email);
      if (!existing) {
        byEmail.set(email, { name: p.name, email, locale: p.locale ?? null, userId: p.userId ?? null, organisationId: p.organisationId ?? null });
        continue;
      }
      mergedDuplicates++;
      if (!existing.name && p.name) existing.name = p.name;
      if (!existing.locale && p.locale) existing.locale = p.locale;
      leftOut.push({ reason: "duplicate", source: "source" in p ? String(p.source) : source, line: p.line ?? null, name: p.name, email, problem: null });
    }
  }
  const merged = { people: [...byEmail.values()], duplicates: mergedDuplicates };
  const optedOut = await optedOutSet(merged.people.map((p) => p.email));
  const registered = new Set(
    (
      await db.registration.findMany({ where: { eventId, status: { not: "CANCELLED" } }, select: { email: true } })
    ).map((r) => r.email),
  );
  const people = merged.people.filter((p) => !optedOut.has(p.email) && !registered.has(p.email));
  const summary: AudienceSummary = {
    members: members.length,
    past: past.length,
    pasted: listed.length,
    duplicates: merged.duplicates + pasted.duplicates.length + (csv?.duplicates.length ?? 0),
    optedOut: merged.people.filter((p) => optedOut.has(p.email)).length,
    alreadyRegistered: merged.people.filter((p) => registered.has(p.email) && !optedOut.has(p.email)).length,
    total: people.length,
  };
  if (people.length === 0) return { ok: false, error: "empty" };
  for (const p of merged.people) {
    if (optedOut.has(p.email)) leftOut.push({ reason: "unsubscribed", source: "", line: null, name: p.name, email: p.email, problem: null });
    else if (registered.has(p.email)) leftOut.push({ reason: "registered", source: "", line: null, name: p.name, email: p.email, problem: null });
  }

  const invitationId = await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.create({
      data: {
        eventId,
        subject: input.subject,
        message: input.message,
        messageEn: input.messageEn || null,
        createdById: actorId,
        createdAt: now,
        audience: JSON.stringify({ members: input.members, districts: input.districts, pastEvents: input.pastEvents, summary }),
      },
    });
    for (let i = 0; i < people.length; i += 500) {
      await tx.invitationRecipient.createMany({
        data: people.slice(i, i + 500).map((p) => ({
          invitationId: invitation.id,
          email: p.email,
          name: p.name,
          locale: p.locale && isLocale(p.locale) ? p.locale : null,
          userId: p.userId ?? null,
          organisationId: p.organisationId ?? null,
        })),
      });
    }
    for (let i = 0; i < leftOut.length; i += 500) {
      await tx.invitationLeftOut.createMany({ data: leftOut.slice(i, i + 500).map((l) => ({ invitationId: invitation.id, ...l })) });
    }
    await audit(tx, { actorId, action: "invitation.prepare", entityType: "Invitation", entityId: invitation.id, details: { eventId, ...summary } });
    return invitation.id;
  }, TX_OPTIONS);
  return { ok: true, invitationId, summary };
}

function readTable(table: TableInput | string): RecipientParse {
  if (typeof table !== "string") return parseTable(table.rows, table.mapping, table.header);
  const rows = csvRows(table);
  const guess = guessMapping(rows);
  if (!guess.mapping) return { people: [], duplicates: [], errors: rows.map((r, i) => ({ line: i + 1, problem: "invitations.line.missingEmail" as const, text: r.join(";").slice(0, 120) })).filter((e) => e.text.trim()) };
  return parseTable(rows, guess.mapping, guess.header);
}

/** Who will not get the draft, and why: searchable by name or address, paged. */
export async function listLeftOut(invitationId: string, options: { q?: string; skip?: number; take?: number } = {}) {
  const q = options.q?.trim().toLowerCase();
  const where = { invitationId, ...(q ? { OR: [{ email: { contains: q } }, { name: { contains: q } }] } : {}) };
  const [rows, total, groups] = await Promise.all([
    db.invitationLeftOut.findMany({ where, orderBy: [{ reason: "asc" }, { line: "asc" }, { email: "asc" }], skip: options.skip ?? 0, take: options.take ?? 50 }),
    db.invitationLeftOut.count({ where }),
    db.invitationLeftOut.groupBy({ by: ["reason"], where: { invitationId }, _count: { _all: true } }),
  ]);
  const counts: Partial<Record<LeftOutReason, number>> = {};
  for (const g of groups) counts[g.reason as LeftOutReason] = g._count._all;
  return { rows: rows.map((r) => ({ ...r, reason: r.reason as LeftOutReason })), total, counts };
}

// ─── Rendering one recipient's mail ──────────────────────────────────────────────────────────────────────────────

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
    urls: { yes: answerUrl(token, "yes"), no: answerUrl(token, "no"), maybe: answerUrl(token, "maybe") },
    unsubscribeUrl: options.unsubscribe === false ? null : unsubscribeUrl(token),
    reminder: options.reminder,
  };
}

function renderInvitation(
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
  return { "List-Unsubscribe": `<${unsubscribeUrl(token)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

async function newLink(tx: Db, recipientId: string) {
  const token = randomToken();
  await tx.invitationLink.create({ data: { recipientId, tokenHash: hashToken(token) } });
  return token;
}

const loadEvent = (tx: Db, eventId: string) =>
  tx.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });

/**
 * The invitation (or reminder) of one mailing, for each of its recipients: the mail is rendered once per language
 * (renderEmails) and the calendar file made once (personalCalendars), then filled in with each recipient's name and
 * token — the same mail, byte for byte, as renderInvitation and personalCalendar make one at a time. A mailing to
 * 5,000 spent 4.5 of its 8 s rendering each mail and file whole.
 */
function invitationMailer(
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

// ─── Staff: preview, test, send ──────────────────────────────────────────────────────────────────────────────────

export async function getInvitation(invitationId: string) {
  return db.invitation.findUnique({
    where: { id: invitationId },
    include: { event: { include: { sessions: { orderBy: { position: "asc" } } } }, _count: { select: { recipients: true } } },
  });
}

/** The mail as the first real recipient will see it, in Danish or English; the links in a preview lead nowhere. */
export async function previewInvitation(invitationId: string, locale: Locale) {
  const invitation = await getInvitation(invitationId);
  if (!invitation) return null;
  const first = await db.invitationRecipient.findFirst({ where: { invitationId, optedOut: false }, orderBy: { createdAt: "asc" } });
  if (!first) return null;
  const mail = renderInvitation(invitation.event, invitation, first, "preview", { locale });
  return { recipient: { name: first.name, email: first.email }, subject: mail.subject, text: mail.text, html: mail.html };
}

/** "Send to me": the mail as the first recipient gets it, to the staff member's own address, without answer links that work. */
export async function sendTestToSelf(staff: { id: string; email: string; name: string }, invitationId: string, locale: Locale, now = new Date()) {
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { id: invitationId } });
    if (!invitation) return false;
    const event = await loadEvent(tx, invitation.eventId);
    if (!event) return false;
    const first = await tx.invitationRecipient.findFirst({ where: { invitationId }, orderBy: { createdAt: "asc" } });
    const mail = renderInvitation(event, invitation, { name: first?.name ?? staff.name, email: staff.email, locale }, "preview", { locale, unsubscribe: false });
    await queueEmail(tx, {
      kind: "invitation-test",
      dedupeKey: `invitation-test:${invitationId}:${staff.id}:${now.getTime()}`,
      to: staff.email,
      toName: staff.name,
      ...mail,
      subject: `[TEST] ${mail.subject}`,
      calendar: personalCalendar(calendarInput(event), CALENDAR_METHOD.REQUEST, { email: staff.email, name: staff.name }, now, { partstat: "NEEDS-ACTION" }),
    });
    await audit(tx, { actorId: staff.id, action: "invitation.test", entityType: "Invitation", entityId: invitationId });
    return true;
  }, TX_OPTIONS);
}

export type SendResult = { ok: true; queued: number; optedOut: number } | { ok: false; error: "not-found" | "already-sent" | "event-closed" };

/**
 * Queues one message per recipient, in one transaction, after a last look at the opt-outs. Confirming twice (a
 * double click, a second tab) sends nothing twice: the draft is claimed by a conditional update first.
 */
export async function sendInvitation(actorId: string | null, invitationId: string, now = new Date()): Promise<SendResult> {
  const result = await db.$transaction(async (tx): Promise<SendResult> => {
    const invitation = await tx.invitation.findUnique({ where: { id: invitationId } });
    if (!invitation) return { ok: false, error: "not-found" };
    if (invitation.sentAt) return { ok: false, error: "already-sent" };
    const event = await loadEvent(tx, invitation.eventId);
    if (!event || event.status !== "PUBLISHED" || (event.lastEndsAt && event.lastEndsAt <= now)) return { ok: false, error: "event-closed" };
    const claimed = await tx.invitation.updateMany({ where: { id: invitationId, sentAt: null }, data: { sentAt: now } });
    if (claimed.count !== 1) return { ok: false, error: "already-sent" };
    const recipients = await tx.invitationRecipient.findMany({ where: { invitationId }, orderBy: { createdAt: "asc" } });
    const optedOut = await optedOutSet(recipients.map((r) => r.email), tx);
    const leftOut = recipients.filter((r) => optedOut.has(r.email)).map((r) => r.id);
    for (let i = 0; i < leftOut.length; i += 500) {
      await tx.invitationRecipient.updateMany({ where: { id: { in: leftOut.slice(i, i + 500) } }, data: { optedOut: true } });
    }
    const going = recipients.filter((r) => !optedOut.has(r.email)).map((r) => ({ recipient: r, token: randomToken() }));
    // the personal links in bulk (a large mailing spends its time in queries, not in rendering)
    for (let i = 0; i < going.length; i += 500) {
      await tx.invitationLink.createMany({ data: going.slice(i, i + 500).map((g) => ({ recipientId: g.recipient.id, tokenHash: hashToken(g.token) })) });
    }
    const mail = invitationMailer(event, invitation, KIND_INVITATION, now, await sentCalendarSequences(tx, event.id));
    const queued = await queueEmails(
      tx,
      going.map(({ recipient: r, token }) => mail(r, invitationKey(invitationId, r.id), token)),
    );
    await audit(tx, { actorId, action: "invitation.send", entityType: "Invitation", entityId: invitationId, details: { eventId: event.id, queued, optedOut: optedOut.size } });
    return { ok: true, queued, optedOut: optedOut.size };
  }, TX_OPTIONS);
  if (result.ok) nudgeWorker();
  return result;
}

/**
 * Staff choose when the draft goes (or clear the time). The worker sends it then (sendScheduledInvitations); until
 * then it stays a draft that staff may still send, change the time of, or discard.
 */
export async function scheduleInvitation(actorId: string | null, invitationId: string, when: Date | null, now = new Date()) {
  if (when && when.getTime() <= now.getTime()) return { ok: false as const, error: "past" as const };
  return db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitationId, sentAt: null }, data: { scheduledFor: when } });
    if (!count) return { ok: false as const, error: "already-sent" as const };
    await audit(tx, { actorId, action: when ? "invitation.schedule" : "invitation.unschedule", entityType: "Invitation", entityId: invitationId, details: { scheduledFor: when?.toISOString() ?? null } });
    return { ok: true as const };
  }, TX_OPTIONS);
}

/** Scheduled task: drafts whose time has come are sent, once (sendInvitation claims the draft by a conditional update). */
export async function sendScheduledInvitations(now = new Date()) {
  const due = await db.invitation.findMany({ where: { sentAt: null, scheduledFor: { lte: now } }, select: { id: true, createdById: true }, take: 20 });
  let sent = 0;
  for (const invitation of due) {
    const result = await sendInvitation(invitation.createdById, invitation.id, now);
    if (result.ok) sent++;
    else if (result.error === "event-closed") await db.invitation.updateMany({ where: { id: invitation.id, sentAt: null }, data: { scheduledFor: null } });
  }
  return sent;
}

/** Removes a draft that staff decided not to send. */
export async function discardInvitation(actorId: string | null, invitationId: string) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.invitation.deleteMany({ where: { id: invitationId, sentAt: null } });
    if (count) await audit(tx, { actorId, action: "invitation.discard", entityType: "Invitation", entityId: invitationId });
    return count === 1;
  });
}

// ─── Staff: what happened ────────────────────────────────────────────────────────────────────────────────────────

export type Progress = { total: number; sent: number; failed: number; waiting: number; done: boolean };

/** Sent / failed / waiting for the invitation's own messages, straight from the outbox (rows purged after 30 days count as sent). */
export async function invitationProgress(invitationId: string): Promise<Progress | null> {
  const invitation = await db.invitation.findUnique({ where: { id: invitationId }, select: { sentAt: true } });
  if (!invitation) return null;
  const [groups, optedOut, total] = await Promise.all([
    db.emailOutbox.groupBy({ by: ["status"], where: { batchId: invitationId, kind: KIND_INVITATION }, _count: { _all: true } }),
    db.invitationRecipient.count({ where: { invitationId, optedOut: true } }),
    db.invitationRecipient.count({ where: { invitationId } }),
  ]);
  const count = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const mailed = invitation.sentAt ? total - optedOut : 0;
  const failed = count("FAILED");
  const waiting = count("PENDING");
  const sent = Math.max(0, mailed - failed - waiting);
  return { total: mailed, sent, failed, waiting, done: invitation.sentAt !== null && waiting === 0 };
}

export type RecipientState = "draft" | "waiting" | "sent" | "failed" | "yes" | "no" | "maybe" | "registered" | "waitlisted" | "opted-out";

/** Each recipient with the state of their mail (from the outbox row) and of their answer. */
export async function listRecipients(invitationId: string, options: { state?: string; q?: string; take?: number; skip?: number } = {}) {
  const invitation = await db.invitation.findUnique({ where: { id: invitationId }, select: { sentAt: true } });
  if (!invitation) return null;
  const [recipients, mails] = await Promise.all([
    db.invitationRecipient.findMany({ where: { invitationId }, orderBy: [{ name: "asc" }, { email: "asc" }] }),
    db.emailOutbox.findMany({
      where: { batchId: invitationId, kind: KIND_INVITATION },
      select: { dedupeKey: true, status: true, lastError: true, sentAt: true, attempts: true },
    }),
  ]);
  const mailByKey = new Map(mails.map((m) => [m.dedupeKey, m]));
  const registrationIds = recipients.map((r) => r.registrationId).filter((id): id is string => Boolean(id));
  const registrations = new Map<string, string>();
  for (let i = 0; i < registrationIds.length; i += 500) {
    const rows = await db.registration.findMany({ where: { id: { in: registrationIds.slice(i, i + 500) } }, select: { id: true, status: true } });
    for (const r of rows) registrations.set(r.id, r.status);
  }
  const optedOutNow = await optedOutSet(recipients.map((r) => r.email));
  const rows = recipients.map((r) => {
    const mail = mailByKey.get(invitationKey(invitationId, r.id));
    const mailState: "draft" | "waiting" | "sent" | "failed" | "opted-out" = !invitation.sentAt
      ? "draft"
      : r.optedOut
        ? "opted-out"
        : !mail
          ? "sent"
          : mail.status === "PENDING"
            ? "waiting"
            : mail.status === "FAILED"
              ? "failed"
              : "sent";
    const registration = r.registrationId ? registrations.get(r.registrationId) : undefined;
    let state: RecipientState = mailState;
    if (r.answer === "YES") state = registration === "REGISTERED" ? "registered" : registration === "WAITLISTED" ? "waitlisted" : "yes";
    else if (r.answer === "NO") state = "no";
    else if (r.answer === "MAYBE") state = "maybe";
    if (optedOutNow.has(r.email) && (state === "sent" || state === "waiting")) state = "opted-out";
    return {
      id: r.id,
      name: r.name,
      email: r.email,
      locale: localeOf(r.locale),
      state,
      mailState,
      error: mail?.status === "FAILED" ? mail.lastError : null,
      answeredAt: r.answeredAt,
      lastRemindedAt: r.lastRemindedAt,
    };
  });
  const q = options.q?.trim().toLowerCase();
  const filtered = rows.filter((r) => (!options.state || r.state === options.state) && (!q || r.email.includes(q) || r.name.toLowerCase().includes(q)));
  const counts: Partial<Record<RecipientState, number>> = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return { rows: filtered.slice(options.skip ?? 0, (options.skip ?? 0) + (options.take ?? 500)), total: filtered.length, counts };
}

/** Every invitation of an event (or of all events), newest first, with its numbers. */
export async function listInvitations(eventId?: string) {
  const invitations = await db.invitation.findMany({
    where: eventId ? { eventId } : {},
    orderBy: { createdAt: "desc" },
    take: 200,
    include: { event: { select: { id: true, title: true } }, _count: { select: { recipients: true } } },
  });
  return invitations.map((i) => ({
    id: i.id,
    subject: i.subject,
    eventId: i.event.id,
    eventTitle: i.event.title,
    createdAt: i.createdAt,
    sentAt: i.sentAt,
    recipients: i._count.recipients,
  }));
}

/** Staff "resend failed": the failed messages go back in the queue, as they are (their links stay valid). */
export async function resendFailed(actorId: string | null, invitationId: string, now = new Date()) {
  const { count } = await retryFailed({ batchId: invitationId }, now);
  if (count) await audit(db, { actorId, action: "invitation.resend-failed", entityType: "Invitation", entityId: invitationId, details: { count } });
  if (count) nudgeWorker();
  return count;
}

/**
 * Reminds those who have not answered (and have not opted out): once per click, and never twice to the same person
 * within a day. Each person is claimed by a conditional update, so two clicks at once remind nobody twice.
 */
/**
 * Who a reminder would reach now: not answered, not opted out, not reminded in the last day, their invitation
 * itself gone (not waiting, not failed) and sent at least 24 hours ago. Nobody, while any invitation mail of the
 * mailing still waits: staff remind only after the send has finished.
 */
async function dueReminders(tx: Db, invitationId: string, now: Date) {
  const invitation = await tx.invitation.findUnique({ where: { id: invitationId } });
  if (!invitation?.sentAt) return null;
  const event = await loadEvent(tx, invitation.eventId);
  if (!event || event.status !== "PUBLISHED" || registrationWindow(event, now) === "closed") return null;
  const dayAgo = new Date(now.getTime() - REMIND_INTERVAL_MS);
  const mails = await tx.emailOutbox.findMany({ where: { batchId: invitationId, kind: KIND_INVITATION }, select: { dedupeKey: true, status: true, sentAt: true } });
  if (mails.some((m) => m.status === "PENDING")) return { invitation, event, due: [] };
  const mailByKey = new Map(mails.map((m) => [m.dedupeKey, m]));
  const candidates = await tx.invitationRecipient.findMany({
    where: { invitationId, answer: null, optedOut: false, OR: [{ lastRemindedAt: null }, { lastRemindedAt: { lte: dayAgo } }] },
  });
  const optedOut = await optedOutSet(candidates.map((r) => r.email), tx);
  const due = candidates.filter((r) => {
    const mail = mailByKey.get(invitationKey(invitationId, r.id));
    // not to someone who opted out since, nor to someone whose invitation itself has not gone (or failed)
    if (optedOut.has(r.email) || (mail && mail.status !== "SENT")) return false;
    // never within 24 hours of their invitation (its delivery time when the outbox still has it)
    const invitedAt = mail?.sentAt && mail.sentAt > invitation.sentAt! ? mail.sentAt : invitation.sentAt!;
    return invitedAt <= dayAgo;
  });
  return { invitation, event, due };
}

/** How many a reminder would reach now (the number staff confirm). */
export async function countRemindable(invitationId: string, now = new Date()) {
  const found = await dueReminders(db, invitationId, now);
  return found?.due.length ?? 0;
}

export async function remindNonAnswerers(actorId: string | null, invitationId: string, now = new Date()) {
  const result = await db.$transaction(async (tx) => {
    const found = await dueReminders(tx, invitationId, now);
    if (!found) return 0;
    const { invitation, event, due } = found;
    const dayAgo = new Date(now.getTime() - REMIND_INTERVAL_MS);
    const mail = invitationMailer(event, invitation, KIND_REMINDER, now, await sentCalendarSequences(tx, event.id));
    let reminded = 0;
    for (const r of due) {
      const claimed = await tx.invitationRecipient.updateMany({
        where: { id: r.id, answer: null, OR: [{ lastRemindedAt: null }, { lastRemindedAt: { lte: dayAgo } }] },
        data: { lastRemindedAt: now },
      });
      if (claimed.count !== 1) continue;
      const token = await newLink(tx, r.id);
      await queueEmail(tx, mail(r, `invitation-reminder:${r.id}:${now.getTime()}`, token));
      reminded++;
    }
    await audit(tx, { actorId, action: "invitation.remind", entityType: "Invitation", entityId: invitationId, details: { reminded } });
    return reminded;
  }, TX_OPTIONS);
  if (result) nudgeWorker();
  return result;
}

// ─── The recipient answers (no sign-in; the token is the key) ────────────────────────────────────────────────────

async function findByToken(tx: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const link = await tx.invitationLink.findUnique({ where: { tokenHash: hashToken(token) }, select: { recipientId: true } });
  if (!link) return null;
  return tx.invitationRecipient.findUnique({
    where: { id: link.recipientId },
    include: { invitation: { include: { event: { include: { sessions: { orderBy: { position: "asc" } } } } } } },
  });
}

/** The answer may be given and changed until the event starts, while it is published. */
function mayAnswer(event: EventWithSessions, now: Date) {
  return event.status === "PUBLISHED" && (!event.firstStartsAt || now < event.firstStartsAt);
}

export async function getInvitationByToken(token: string, now = new Date()) {
  const r = await findByToken(db, token);
  if (!r) return null;
  const event = r.invitation.event;
  const registration = r.registrationId ? await db.registration.findUnique({ where: { id: r.registrationId }, select: { status: true } }) : null;
  return {
    name: r.name,
    email: r.email,
    answer: r.answer,
    registrationStatus: registration?.status ?? null,
    canAnswer: mayAnswer(event, now),
    optedOut: await isOptedOut(r.email),
    event: {
      id: event.id,
      title: event.title,
      summary: event.summary,
      status: event.status,
      visibility: event.visibility,
      placeAddress: event.placeAddress,
      placeRoom: event.placeRoom,
      sessions: event.sessions.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, placeAddress: s.placeAddress, placeRoom: s.placeRoom })),
      cancelMessage: event.cancelMessage,
    },
  };
}

export type AnswerResult =
  | { ok: true; answer: InvitationAnswer; registration: "REGISTERED" | "WAITLISTED" | null }
  | { ok: false; error: "not-found" | "closed" | "full" | "registration-closed" };

/**
 * Records yes / no / maybe. Yes registers the person through the one sign-up function (capacity and waitlist as for
 * anyone); turning a yes into no or maybe cancels that registration as if the person had cancelled it themselves.
 */
export async function answerInvitation(token: string, answer: InvitationAnswer, now = new Date()): Promise<AnswerResult> {
  const r = await findByToken(db, token);
  if (!r) return { ok: false, error: "not-found" };
  const event = r.invitation.event;
  if (!mayAnswer(event, now)) return { ok: false, error: "closed" };

  if (answer === "YES") {
    const current = r.registrationId ? await db.registration.findUnique({ where: { id: r.registrationId }, select: { status: true } }) : null;
    if (current && current.status !== "CANCELLED") {
      await db.invitationRecipient.update({ where: { id: r.id }, data: { answer: "YES", answeredAt: now } });
      return { ok: true, answer, registration: current.status };
    }
    // Claimed first by a conditional update on the state we read, so a double click registers once.
    const claimed = await db.invitationRecipient.updateMany({
      where: { id: r.id, answer: r.answer, answeredAt: r.answeredAt, registrationId: r.registrationId },
      data: { answer: "YES", answeredAt: now },
    });
    if (claimed.count !== 1) return { ok: true, answer, registration: null };
    const existing = await db.registration.findFirst({
      where: { eventId: event.id, email: r.email, status: { not: "CANCELLED" } },
      select: { id: true, status: true },
    });
    if (existing) {
      await db.invitationRecipient.update({ where: { id: r.id }, data: { registrationId: existing.id } });
      return { ok: true, answer, registration: existing.status === "CANCELLED" ? null : existing.status };
    }
    const result = await registerForEvent(
      {
        eventId: event.id,
        source: "INVITATION",
        name: r.name || r.email,
        email: r.email,
        locale: localeOf(r.locale),
        userId: r.userId,
        organisationId: r.organisationId,
      },
      now,
    );
    if (!result.ok) {
      if (result.error === "already-registered") return { ok: true, answer, registration: "REGISTERED" };
      // the yes did not take: the earlier answer stands
      await db.invitationRecipient.update({ where: { id: r.id }, data: { answer: r.answer, answeredAt: r.answeredAt } });
      if (result.error === "full") return { ok: false, error: "full" };
      return { ok: false, error: result.error === "not-found" ? "not-found" : "registration-closed" };
    }
    await db.invitationRecipient.update({ where: { id: r.id }, data: { registrationId: result.registrationId } });
    return { ok: true, answer, registration: result.status };
  }

  // no or maybe: a registration this invitation made is ended (with its own cancellation mail and calendar CANCEL)
  if (r.registrationId) {
    const registration = await db.registration.findUnique({ where: { id: r.registrationId }, select: { id: true, status: true } });
    if (registration && registration.status !== "CANCELLED") {
      const cancelToken = randomToken();
      await db.registrationToken.create({ data: { registrationId: registration.id, tokenHash: hashToken(cancelToken) } });
      await cancelRegistration(cancelToken, now);
      await db.registrationToken.deleteMany({ where: { tokenHash: hashToken(cancelToken) } });
    }
  }
  await db.invitationRecipient.update({ where: { id: r.id }, data: { answer, answeredAt: now } });
  return { ok: true, answer, registration: null };
}

/** The address behind an answer link (for the opt-out page). */
export async function recipientEmailByToken(token: string) {
  const r = await findByToken(db, token);
  return r ? r.email : null;
}

// ─── Changes and cancellations also reach those invited ──────────────────────────────────────────────────────────

/**
 * Called by app/models/event-changes.server.ts: when a published event changes time or place, or is
 * cancelled, everyone invited who has not declined hears it — with the updated calendar entry (REQUEST, same UID,
 * higher SEQUENCE) or its cancellation (CANCEL). Needed information, so opt-outs do not stop it; no List-Unsubscribe.
 */
export async function queueInvitationUpdates(
  tx: Db,
  change: { event: EventWithSessions; kind: "changed" | "cancelled"; changes: EventChanges; now: Date; alreadyMailed: Set<string> },
): Promise<number> {
  const { event, kind, now } = change;
  const sent = await sentCalendarSequences(tx, event.id);
  const recipients = await tx.invitationRecipient.findMany({
    where: { invitation: { eventId: event.id, sentAt: { not: null } }, optedOut: false, OR: [{ answer: null }, { answer: { not: "NO" } }] },
    orderBy: { createdAt: "desc" },
  });
  const mailed = new Set(change.alreadyMailed);
  let count = 0;
  for (const r of recipients) {
    if (mailed.has(r.email)) continue;
    mailed.add(r.email);
    const locale = localeOf(r.locale);
    const token = kind === "changed" ? await newLink(tx, r.id) : null;
    const mail = renderEmail(invitationUpdateEmail, locale, {
      ...eventMailDetails(event, r.name, locale),
      kind,
      changes: kind === "changed" ? changeLines(locale, change.changes, false) : [],
      message: kind === "cancelled" ? event.cancelMessage : null,
      url: token ? answerUrl(token) : null,
    });
    const method = kind === "changed" ? CALENDAR_METHOD.REQUEST : CALENDAR_METHOD.CANCEL;
    await queueEmail(tx, {
      kind: `invitation-${kind}`,
      dedupeKey: `invitation-${kind}:${event.id}:${event.sequence}:${r.email}`,
      to: r.email,
      toName: r.name || null,
      ...mail,
      calendar: personalCalendar(calendarInput(event), method, { email: r.email, name: r.name }, now, {
        // above any file the address got as a registration (a waitlisted invitee may have had a CANCEL since)
        sequence: Math.max(event.sequence, (sent.get(r.email) ?? -1) + 1),
        partstat: "NEEDS-ACTION",
      }),
    });
    count++;
  }
  return count;
}

// ─── Deletion on schedule ────────────────────────────────────────────────────────────────────────────────────────

/** Scheduled: invitations (names and addresses of recipients) go 90 days after the event's last day. */
export async function deleteOldInvitations(now = new Date()) {
  const cutoff = new Date(now.getTime() - DELETE_AFTER_DAYS * 86_400_000);
  const events = await db.invitation.findMany({ where: { event: { lastEndsAt: { lt: cutoff } } }, select: { eventId: true }, distinct: ["eventId"], take: 200 });
  if (events.length === 0) return 0;
  const ids = events.map((e) => e.eventId);
  return db.$transaction(async (tx) => {
    await tallyInvitations(tx, ids); // the yearly status keeps the counts, numbers only
    const { count } = await tx.invitation.deleteMany({ where: { eventId: { in: ids } } });
    return count;
  });
}

/** Invitations staff scheduled: sent at their time, once (the draft is claimed by a conditional update). */
export const invitationTasks: ScheduledTask[] = [{ name: "scheduled-invitations", everyMs: 60_000, run: (now) => sendScheduledInvitations(now) }];
