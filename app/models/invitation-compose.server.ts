import { z } from "zod";
import { audit } from "~/lib/audit.server";
import { CALENDAR_METHOD, personalCalendar } from "~/lib/calendar.server";
import { db } from "~/lib/db.server";
import { line, normaliseEmail, optionalText, text } from "~/lib/field-rules";
import { isLocale, type Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { calendarInput } from "./event-options";
import { DISTRICTS } from "./forum-rules";
import { loadEvent, renderInvitation } from "./invitation-mail.server";
import { getInvitation } from "./invitation-progress.server";
import { listActiveMemberContacts } from "./membership.server";
import { optedOutSet } from "./optouts.server";
import { csvRows, guessMapping, parseRecipients, parseTable, type BadLine, type ColumnMapping, type RecipientParse } from "./recipient-input";
import { TX_OPTIONS } from "~/lib/transactions.server";

/**
 * Writing an invitation: the compose form, the audience resolved into a draft with one recipient per address (and
 * the list of who was left out, and why), the preview as the first recipient will see it, a test to staff's own
 * address, and discarding a draft. Nothing here mails a recipient: that is invitation-sending.server.ts.
 */

const messages = { tooLong: "invitations.errorMessageLong", control: "invitations.errorControl", html: "invitations.errorHtml" };
const toList = (v: unknown) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]);

export const composeSchema = z.object({
  subject: line({ max: 150, messages: { tooLong: "invitations.errorSubjectLong", control: "invitations.errorControl" } }),
  message: text({ max: 5000, messages, noHtml: true }),
  messageEn: optionalText({ max: 5000, messages, noHtml: true }),
  members: z.string().optional().transform((v) => v === "on"),
  districts: z.preprocess(toList, z.array(z.enum(DISTRICTS, { errorMap: () => ({ message: "invitations.errorDistrict" }) }))),
  pastEvents: z.preprocess(toList, z.array(z.string().max(40))),
  pasted: z.string().max(1_000_000, "invitations.errorListLong").optional().default(""),
  // "leave them out and continue": bad lines become left-out entries instead of refusing the list
  leaveOut: z.string().optional().transform((v) => v === "on" || v === "1"),
});


/** An uploaded table and staff's column mapping (from the mapping step), or a CSV text whose columns are guessed. */
export type TableInput = { rows: string[][]; mapping: ColumnMapping; header: boolean };

type ComposeInput = z.infer<typeof composeSchema>;

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

/** Someone an invitation may go to, from any audience (a member's own name and language when known). */
type Person = { name: string; email: string; locale?: string | null; userId?: string | null; organisationId?: string | null };

export type AudienceSummary = {
  members: number;
  past: number;
  pasted: number;
  duplicates: number;
  optedOut: number;
  alreadyRegistered: number;
  total: number;
};

type PrepareResult =
  | { ok: true; invitationId: string; summary: AudienceSummary }
  | { ok: false; error: "not-found" | "event-closed" | "empty"; lineErrors?: never }
  | { ok: false; error: "bad-lines"; lineErrors: (BadLine & { source: "pasted" | "csv" })[] };

type LeftOutReason = "invalid" | "duplicate" | "unsubscribed" | "registered";
type LeftOutRow = { reason: LeftOutReason; source: string; line: number | null; name: string; email: string; problem: string | null };

/**
 * Resolves the audience into a draft invitation with one recipient per address: merged, opted-out addresses and
 * people already on the event left out. A list with any bad line is refused whole and nothing is saved.
 */
export async function prepareInvitation(
  { actorId, eventId, input, table }: { actorId: string | null; eventId: string; input: ComposeInput; table: TableInput | string | null },
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
      const email = normaliseEmail(p.email);
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
export async function sendTestToSelf(
  { staff, invitationId, locale }: { staff: { id: string; email: string; name: string }; invitationId: string; locale: Locale },
  now = new Date(),
) {
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

/** Removes a draft that staff decided not to send. */
export async function discardInvitation({ actorId, invitationId }: { actorId: string | null; invitationId: string }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.invitation.deleteMany({ where: { id: invitationId, sentAt: null } });
    if (count) await audit(tx, { actorId, action: "invitation.discard", entityType: "Invitation", entityId: invitationId });
    return count === 1;
  });
}
