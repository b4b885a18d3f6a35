import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { myDataLinkEmail } from "#emails/my-data-link";
import { renderEmail } from "#emails/render";
import { audit } from "~/lib/audit.server";
import { hashToken, keyedHash, randomToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import type { Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { consumeMailQuota, networkBucket } from "~/lib/rate-limit.server";
import { optOutHash } from "./optouts.server";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { cancelRegistrationOf, mayCancel } from "./registrations.server";
import { fillFromWaitlist } from "./waitlist.server";
import { neutraliseCell } from "./participants-csv.server";
import { recountEvent } from "./registration-counts.server";

/**
 * A person's own data (GDPR Art. 15, 17, 20), for anyone with an address and no account: a link by mail to a page
 * with everything held about the address, its export as JSON and CSV, cancelling and erasing their registrations;
 * for staff, the same collection found by address, exported, and erased everywhere in one transaction
 * (docs/decisions/0020-your-data-for-anyone.md). One collection (`collectPersonData`) feeds the page, both exports
 * and the staff's view, so what a person sees is what staff export and what an erasure removes.
 */

/** The link works for a day; its row goes a day later, so an old link says it ran out instead of "not found". */
export const DATA_ACCESS_MS = 24 * 3600_000;
export const DATA_ACCESS_KEEP_MS = 2 * DATA_ACCESS_MS;
export const MY_DATA_MAIL_KIND = "my-data-link";
/** What an erased address becomes where it stood in the text of a record that is kept (audit details, forum history). */
export const ERASED = "[slettet]";

export const myDataRequestSchema = z.object({
  email: z.string({ required_error: "form.required" }).trim().min(1, "form.required").max(254, "form.invalidEmail").email("form.invalidEmail"),
});

const normalise = (email: string) => email.trim().toLowerCase();

/** The pseudonymous reference of a person in the audit log: the same address gives the same reference, no name in it. */
export function personRef(email: string) {
  return keyedHash("person", normalise(email)).slice(0, 16);
}

// ─── The link ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Mails a link to the address, whether or not anything is held about it (the answer must not tell). Limited per
 * sender network and per recipient, like a forgotten password.
 */
export async function requestDataAccess(emailInput: string, locale: Locale, clientIp: string, now = new Date()) {
  const email = normalise(emailInput);
  const quota = await consumeMailQuota([networkBucket("my-data", clientIp), `my-data:to:${email}`], now);
  if (!quota.ok) return { ok: false as const, retryAfterS: quota.retryAfterS };
  await db.$transaction(async (tx) => {
    const token = randomToken();
    await tx.dataAccessToken.create({ data: { tokenHash: hashToken(token), email, expiresAt: new Date(now.getTime() + DATA_ACCESS_MS), createdAt: now } });
    const mail = renderEmail(myDataLinkEmail, locale, { url: `${env().APP_URL}/privacy/my-data/${token}`, hours: DATA_ACCESS_MS / 3600_000 });
    await queueEmail(tx, { kind: MY_DATA_MAIL_KIND, dedupeKey: `${MY_DATA_MAIL_KIND}:${hashToken(token)}`, to: email, ...mail });
  });
  return { ok: true as const };
}

/** The address behind a link: null for an unknown one (404), "expired" for one that ran out (410). */
export async function openDataAccess(token: string, now = new Date()): Promise<{ email: string; expiresAt: Date } | "expired" | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db.dataAccessToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return null;
  if (row.expiresAt <= now) return "expired";
  return { email: row.email, expiresAt: row.expiresAt };
}

/** Retention rule: a link's row goes DATA_ACCESS_KEEP_MS after it was asked for. */
export async function deleteOldDataAccessTokens(now = new Date()) {
  const { count } = await db.dataAccessToken.deleteMany({ where: { createdAt: { lte: new Date(now.getTime() - DATA_ACCESS_KEEP_MS) } } });
  return count;
}

// ─── Everything held about one address ───────────────────────────────────────────────────────────────────────────

/** Rows whose text names the address, found by LIKE (which reads `_` and `%` as wildcards) and then checked exactly. */
const names = (email: string) => (text: string | null | undefined) => !!text && text.toLowerCase().includes(email);

async function rateLimitRows(tx: Db, email: string, userId: string | null) {
  const rows = await tx.rateLimitHit.findMany({
    where: { OR: [{ bucket: { contains: email } }, ...(userId ? [{ bucket: { contains: userId } }] : [])] },
    select: { id: true, bucket: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.filter((r) => names(email)(r.bucket) || (userId !== null && r.bucket.includes(userId)));
}

async function mentionRows(tx: Db, email: string) {
  const audits = (await tx.auditLog.findMany({ where: { details: { contains: email } }, select: { id: true, details: true } })).filter((r) => names(email)(r.details));
  const history = (
    await tx.forumCaseEvent.findMany({ where: { OR: [{ details: { contains: email } }, { message: { contains: email } }] }, select: { id: true, details: true, message: true } })
  ).filter((r) => names(email)(r.details) || names(email)(r.message));
  const otherMail = (
    await tx.emailOutbox.findMany({
      where: { toAddress: { not: email }, OR: [{ subject: { contains: email } }, { text: { contains: email } }, { html: { contains: email } }, { headers: { contains: email } }] },
      select: { id: true, subject: true, text: true, html: true, headers: true },
    })
  ).filter((r) => [r.subject, r.text, r.html, r.headers].some(names(email)));
  // free text others wrote: a sign-up comment, an invitation's message, what staff wrote to or about an organisation
  const answers = (
    await tx.registrationAnswer.findMany({ where: { value: { contains: email }, registration: { email: { not: email } } }, select: { id: true, value: true } })
  ).filter((r) => names(email)(r.value));
  const invitations = (await tx.invitation.findMany({ where: { message: { contains: email } }, select: { id: true, message: true } })).filter((r) => names(email)(r.message));
  const organisations = (
    await tx.organisation.findMany({ where: { OR: [{ stateMessage: { contains: email } }, { description: { contains: email } }] }, select: { id: true, stateMessage: true, description: true } })
  ).filter((r) => names(email)(r.stateMessage) || names(email)(r.description));
  return { audits, history, otherMail, otherText: { answers, invitations, organisations } };
}

/**
 * Everything held about one address, in one shape for the page, both exports and the staff's view. `mentions` (texts
 * elsewhere that name the address: a scan of the audit log, forum history and the outbox's bodies) is for staff and
 * erasure; the person's own page leaves it out, so reloading it costs no scan of every message.
 */
export async function collectPersonData(emailInput: string, now = new Date(), tx: Db = db, options: { mentions: boolean } = { mentions: true }) {
  const email = normalise(emailInput);
  const user = await tx.user.findUnique({
    where: { email },
    include: {
      forumContact: { include: { organisation: { select: { id: true, name: true, state: true, _count: { select: { contacts: true } } } } } },
      charterSignatures: { include: { organisation: { select: { name: true } }, charterVersion: { select: { number: true } } }, orderBy: { signedAt: "asc" } },
      _count: { select: { sessions: true, authTokens: true } },
    },
  });
  const userId = user?.id ?? null;
  const registrations = await tx.registration.findMany({
    where: { OR: [{ email }, ...(userId ? [{ userId }] : [])] },
    include: {
      event: { select: { id: true, title: true, status: true, firstStartsAt: true, lastEndsAt: true, sessions: { orderBy: { position: "asc" }, select: { id: true, startsAt: true, endsAt: true } } } },
      people: { orderBy: { position: "asc" } },
      answers: { orderBy: { question: "asc" } },
      offers: { orderBy: { createdAt: "asc" } },
      attendance: true,
      _count: { select: { tokens: true, reminders: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const invitations = await tx.invitationRecipient.findMany({
    where: { OR: [{ email }, ...(userId ? [{ userId }] : [])] },
    include: { invitation: { select: { subject: true, sentAt: true, event: { select: { title: true, firstStartsAt: true } } } }, _count: { select: { links: true } } },
    orderBy: { createdAt: "asc" },
  });
  // staff's draft invitations record who they left out and why (the address included)
  const leftOut = await tx.invitationLeftOut.findMany({
    where: { email },
    select: { reason: true, invitation: { select: { subject: true, createdAt: true } } },
  });
  const optOut = await tx.emailOptOut.findUnique({ where: { emailHash: optOutHash(email) } });
  const mail = await tx.emailOutbox.findMany({
    where: { toAddress: email },
    select: { id: true, kind: true, subject: true, status: true, createdAt: true, sentAt: true },
    orderBy: { createdAt: "asc" },
  });
  const accessLinks = await tx.dataAccessToken.findMany({ where: { email }, select: { id: true, createdAt: true, expiresAt: true }, orderBy: { createdAt: "asc" } });
  const calendarFeed = userId ? await tx.calendarFeedToken.findUnique({ where: { userId }, select: { id: true, createdAt: true, lastUsedAt: true } }) : null;
  const limits = await rateLimitRows(tx, email, userId);
  const mentions = options.mentions ? await mentionRows(tx, email) : null;

  const data = {
    email,
    collectedAt: now.toISOString(),
    registrations: registrations.map((r) => ({
      id: r.id,
      event: { title: r.event.title, status: r.event.status, sessions: r.event.sessions.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) },
      status: r.status,
      source: r.source,
      name: r.name,
      email: r.email,
      phone: r.phone,
      language: r.locale,
      groupSize: r.groupSize,
      people: r.people.map((p) => p.name),
      answers: r.answers.map((a) => ({ question: a.question, value: a.value })),
      organisationName: r.organisationName,
      mayContactAgain: r.mayContactAgain,
      createdAt: r.createdAt.toISOString(),
      registeredAt: r.registeredAt?.toISOString() ?? null,
      waitlistedAt: r.waitlistedAt?.toISOString() ?? null,
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
      waitlistOffers: r.offers.map((o) => ({ status: o.status, offeredAt: o.createdAt.toISOString(), expiresAt: o.expiresAt.toISOString(), answeredAt: o.answeredAt?.toISOString() ?? null })),
      attendance: r.attendance.map((a) => ({ session: r.event.sessions.find((s) => s.id === a.sessionId)?.startsAt.toISOString() ?? null, present: a.present })),
      canCancel: r.email === email && mayCancel(r, r.event, now),
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      event: { title: i.invitation.event.title, firstStartsAt: i.invitation.event.firstStartsAt?.toISOString() ?? null },
      subject: i.invitation.subject,
      sentAt: i.invitation.sentAt?.toISOString() ?? null,
      name: i.name,
      email: i.email,
      language: i.locale,
      optedOutAtSending: i.optedOut,
      answer: i.answer,
      answeredAt: i.answeredAt?.toISOString() ?? null,
      lastRemindedAt: i.lastRemindedAt?.toISOString() ?? null,
    })),
    optOut: optOut ? { since: optOut.createdAt.toISOString() } : null,
    account: user
      ? {
          name: user.name,
          email: user.email,
          role: user.role,
          language: user.locale,
          createdAt: user.createdAt.toISOString(),
          emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
          disabledAt: user.disabledAt?.toISOString() ?? null,
          activeSessions: user._count.sessions,
          calendarFeed: calendarFeed ? { createdAt: calendarFeed.createdAt.toISOString(), lastUsedAt: calendarFeed.lastUsedAt?.toISOString() ?? null } : null,
          organisationContact: user.forumContact
            ? { organisation: user.forumContact.organisation.name, organisationState: user.forumContact.organisation.state, title: user.forumContact.title, phone: user.forumContact.phone }
            : null,
        }
      : null,
    charterSignatures: (user?.charterSignatures ?? []).map((s) => ({
      organisation: s.organisation.name,
      charterVersion: s.charterVersion.number,
      signerName: s.signerName,
      signerTitle: s.signerTitle,
      language: s.locale,
      signedAt: s.signedAt.toISOString(),
    })),
    leftOutOfInvitations: leftOut.map((l) => ({ invitation: l.invitation.subject, draftedAt: l.invitation.createdAt.toISOString(), reason: l.reason })),
    mail: mail.map((m) => ({ subject: m.subject, kind: m.kind, status: m.status, queuedAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null })),
    dataAccessLinks: accessLinks.map((l) => ({ requestedAt: l.createdAt.toISOString(), expiresAt: l.expiresAt.toISOString() })),
    rateLimitRecords: limits.map((l) => ({ at: l.createdAt.toISOString(), bucket: l.bucket })),
    mentions: mentions && { auditLog: mentions.audits.length, forumHistory: mentions.history.length, mailToOthers: mentions.otherMail.length, otherText: otherTextCount(mentions) },
  };
  // nothing but the traces of asking (this link and its mail, kept briefly) counts as "nothing held"
  const held =
    data.registrations.length + data.invitations.length + data.leftOutOfInvitations.length + (data.optOut ? 1 : 0) + (data.account ? 1 : 0) + data.charterSignatures.length + mail.filter((m) => m.kind !== MY_DATA_MAIL_KIND).length;
  return {
    data,
    nothingHeld: held === 0,
    user: user ? { id: user.id, role: user.role, organisation: user.forumContact?.organisation ?? null } : null,
    counts: {
      Registration: registrations.length,
      RegistrationPerson: registrations.reduce((n, r) => n + r.people.length, 0),
      RegistrationAnswer: registrations.reduce((n, r) => n + r.answers.length, 0),
      RegistrationToken: registrations.reduce((n, r) => n + r._count.tokens, 0),
      WaitlistOffer: registrations.reduce((n, r) => n + r.offers.length, 0),
      SessionAttendance: registrations.reduce((n, r) => n + r.attendance.length, 0),
      EventReminder: registrations.reduce((n, r) => n + r._count.reminders, 0),
      InvitationRecipient: invitations.length,
      InvitationLink: invitations.reduce((n, i) => n + i._count.links, 0),
      InvitationLeftOut: leftOut.length,
      EmailOutbox: mail.length,
      DataAccessToken: accessLinks.length,
      RateLimitHit: limits.length,
      User: user ? 1 : 0,
      Session: user?._count.sessions ?? 0,
      AuthToken: user?._count.authTokens ?? 0,
      OrganisationContact: user?.forumContact ? 1 : 0,
      CalendarFeedToken: calendarFeed ? 1 : 0,
      // kept, with the address taken out of their text
      AuditLog: mentions?.audits.length ?? 0,
      ForumCaseEvent: mentions?.history.length ?? 0,
      EmailOutboxToOthers: mentions?.otherMail.length ?? 0,
      OtherText: mentions ? otherTextCount(mentions) : 0,
    },
    kept: { CharterSignature: user?.charterSignatures.length ?? 0, EmailOptOut: optOut ? 1 : 0 },
  };
}

function otherTextCount(mentions: Awaited<ReturnType<typeof mentionRows>>) {
  return mentions.otherText.answers.length + mentions.otherText.invitations.length + mentions.otherText.organisations.length;
}

export type PersonData = Awaited<ReturnType<typeof collectPersonData>>["data"];

// ─── Exports ─────────────────────────────────────────────────────────────────────────────────────────────────────

export function personJson(data: PersonData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** Flattens the data to rows of section; record; field; value (one table for any shape), for Danish Excel as the participant list is. */
export function personCsv(data: PersonData): string {
  const rows: string[][] = [["section", "record", "field", "value"]];
  const walk = (section: string, record: string, prefix: string, value: unknown) => {
    if (value === null || value === undefined || typeof value !== "object") {
      rows.push([section, record, prefix, value === null || value === undefined ? "" : String(value)]);
    } else if (Array.isArray(value)) {
      if (value.length === 0) rows.push([section, record, prefix, ""]);
      value.forEach((v, i) => walk(section, record, `${prefix}[${i}]`, v));
    } else {
      for (const [k, v] of Object.entries(value)) walk(section, record, prefix ? `${prefix}.${k}` : k, v);
    }
  };
  walk("person", "", "email", data.email);
  walk("person", "", "collectedAt", data.collectedAt);
  const sections = ["registrations", "invitations", "leftOutOfInvitations", "charterSignatures", "mail", "dataAccessLinks", "rateLimitRecords"] as const;
  for (const section of sections) data[section].forEach((row, i) => walk(section, String(i + 1), "", row));
  if (data.optOut) walk("optOut", "1", "", data.optOut);
  if (data.account) walk("account", "1", "", data.account);
  if (data.mentions) walk("mentions", "", "", data.mentions);
  const csv = stringify(rows.map((row) => row.map((cell) => neutraliseCell(cell))), { delimiter: ";", record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
  return `\uFEFF${csv}`;
}

export type ExportFormat = "json" | "csv";

/** The person's own view and downloads: the same collection without the scan for mentions elsewhere. */
export async function ownPersonData(email: string, now = new Date()) {
  return collectPersonData(email, now, db, { mentions: false });
}

export function personExport(data: PersonData, format: ExportFormat) {
  const date = data.collectedAt.slice(0, 10);
  return format === "json"
    ? { filename: `mine-data-${date}.json`, contentType: "application/json; charset=utf-8", content: personJson(data) }
    : { filename: `mine-data-${date}.csv`, contentType: "text/csv; charset=utf-8", content: personCsv(data) };
}

/** A staff export is personal data leaving the portal: audited, under the pseudonymous reference. */
export async function staffPersonExport(actorId: string, email: string, format: ExportFormat, now = new Date()) {
  const { data } = await collectPersonData(email, now);
  await audit(db, { actorId, action: "person.export", entityType: "Person", entityId: personRef(email), details: { format } });
  return personExport(data, format);
}

// ─── The person's own changes ────────────────────────────────────────────────────────────────────────────────────

/** Cancels one of the address's registrations through the registrations model (the waitlist moves on, a mail says so). */
export function cancelOwnRegistration(email: string, registrationId: string, now = new Date()) {
  return cancelRegistrationOf({ email, registrationId }, now);
}

/** Deletes registrations (with their people, answers, links, offers, attendance) and gives freed places to the waitlist. */
async function deleteRegistrations(tx: Db, ids: string[], now: Date) {
  if (!ids.length) return;
  const active = await tx.registration.findMany({ where: { id: { in: ids }, status: { not: "CANCELLED" } }, select: { eventId: true } });
  await tx.invitationRecipient.updateMany({ where: { registrationId: { in: ids } }, data: { registrationId: null } });
  await tx.registration.deleteMany({ where: { id: { in: ids } } });
  const events = [...new Set(active.map((a) => a.eventId))];
  for (const eventId of events) {
    await fillFromWaitlist(tx, eventId, now);
    await recountEvent(tx, eventId);
  }
}

/**
 * The person erases every registration of their address, and the mail about them (confirmations, offers, reminders,
 * changes). A current place is freed for the waitlist without a cancellation mail: that mail would write the address
 * again. Returns how many registrations went.
 */
export async function eraseOwnRegistrations(emailInput: string, now = new Date()) {
  const email = normalise(emailInput);
  return db.$transaction(async (tx) => {
    const ids = (await tx.registration.findMany({ where: { email }, select: { id: true } })).map((r) => r.id);
    await deleteRegistrations(tx, ids, now);
    await tx.emailOutbox.deleteMany({ where: { toAddress: email, OR: [{ kind: { startsWith: "registration-" } }, { kind: { startsWith: "event-" } }] } });
    return ids.length;
  }, TX_OPTIONS);
}

// ─── Staff: find and erase one person everywhere ─────────────────────────────────────────────────────────────────

/** Staff and admin accounts are not erased here: they are disabled under staff users, and their actions stay attributed. */
export const isStaffRole = (role: string) => role === "STAFF" || role === "ADMIN";

/** Staff's view of one person: the whole collection, mentions elsewhere included. */
export async function findPerson(email: string, now = new Date()) {
  return collectPersonData(email, now);
}

function redact(text: string | null, email: string) {
  if (!text) return text;
  return text.replace(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), ERASED);
}

export type EraseResult = { ok: true; auditId: string } | { ok: false; reason: "staff" | "nothing" };

/**
 * Erases everything held about the address in one transaction: registrations (and what hangs off them), invitation
 * recipients, mail to it, links, rate-limit records, a member's account with its contact person, sessions and
 * tokens; the address is taken out of the text of audit entries, forum history, mail to others and free text others
 * wrote (a sign-up comment, an invitation's message, a note on an organisation). Kept, with the reason shown to staff
 * (keptOnErasure): the organisation's charter signatures (proof of endorsement; no longer linked to the account) and
 * the hashed opt-out (so the address is never invited again). Audited as counts per table under the pseudonymous
 * reference, with no address or name.
 */
export async function erasePerson(actorId: string, emailInput: string, now = new Date()): Promise<EraseResult> {
  const email = normalise(emailInput);
  return db.$transaction(async (tx) => {
    const found = await collectPersonData(email, now, tx);
    if (found.user && isStaffRole(found.user.role)) return { ok: false, reason: "staff" } as const;
    const counts = Object.fromEntries(Object.entries(found.counts).filter(([, n]) => n > 0));
    if (Object.keys(counts).length === 0) return { ok: false, reason: "nothing" } as const;
    const userId = found.user?.id ?? null;

    const registrationIds = (await tx.registration.findMany({ where: { OR: [{ email }, ...(userId ? [{ userId }] : [])] }, select: { id: true } })).map((r) => r.id);
    await deleteRegistrations(tx, registrationIds, now);
    await tx.invitationRecipient.deleteMany({ where: { OR: [{ email }, ...(userId ? [{ userId }] : [])] } });
    await tx.invitationLeftOut.deleteMany({ where: { email } });
    await tx.emailOutbox.deleteMany({ where: { toAddress: email } });
    await tx.dataAccessToken.deleteMany({ where: { email } });
    const limits = await rateLimitRows(tx, email, userId);
    await tx.rateLimitHit.deleteMany({ where: { id: { in: limits.map((l) => l.id) } } });
    if (userId) {
      await tx.charterSignature.updateMany({ where: { userId }, data: { userId: null } });
      await tx.calendarFeedToken.deleteMany({ where: { userId } });
      await tx.user.delete({ where: { id: userId } }); // sessions, tokens and the contact person go with it
    }
    const mentions = await mentionRows(tx, email);
    for (const a of mentions.audits) await tx.auditLog.update({ where: { id: a.id }, data: { details: redact(a.details, email) } });
    for (const h of mentions.history) await tx.forumCaseEvent.update({ where: { id: h.id }, data: { details: redact(h.details, email), message: redact(h.message, email) } });
    for (const m of mentions.otherMail) {
      await tx.emailOutbox.update({
        where: { id: m.id },
        data: { subject: redact(m.subject, email)!, text: redact(m.text, email)!, html: redact(m.html, email)!, headers: redact(m.headers, email) },
      });
    }
    for (const a of mentions.otherText.answers) await tx.registrationAnswer.update({ where: { id: a.id }, data: { value: redact(a.value, email)! } });
    for (const i of mentions.otherText.invitations) await tx.invitation.update({ where: { id: i.id }, data: { message: redact(i.message, email)! } });
    for (const o of mentions.otherText.organisations) {
      await tx.organisation.update({ where: { id: o.id }, data: { stateMessage: redact(o.stateMessage, email), description: redact(o.description, email)! } });
    }
    const entry = await tx.auditLog.create({
      data: {
        actorId,
        action: "person.erase",
        entityType: "Person",
        entityId: personRef(email),
        details: JSON.stringify({ erased: counts, kept: Object.fromEntries(Object.entries(found.kept).filter(([, n]) => n > 0)) }),
        createdAt: now,
      },
      select: { id: true },
    });
    return { ok: true, auditId: entry.id } as const;
  }, TX_OPTIONS);
}

/** What an erasure did, read back from its audit entry (the page after erasing shows it; the address is gone). */
export async function erasureReport(auditId: string) {
  const entry = await db.auditLog.findFirst({ where: { id: auditId, action: "person.erase" }, select: { entityId: true, details: true, createdAt: true } });
  if (!entry) return null;
  const details = JSON.parse(entry.details ?? "{}") as { erased?: Record<string, number>; kept?: Record<string, number> };
  return { ref: entry.entityId ?? "", createdAt: entry.createdAt, erased: details.erased ?? {}, kept: details.kept ?? {} };
}
