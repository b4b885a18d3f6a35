import { DateTime } from "luxon";
import { z } from "zod";
import type { Event, Prisma } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { publicEventCalendar, publicFeed } from "~/lib/calendar.server";
import { randomShortId } from "~/lib/crypto.server";
import { db, type Db, type Tx } from "~/lib/db.server";
import { timeZone } from "~/lib/i18n";
import { AUDIENCES, availability, calendarInput, COURSE_KINDS, DEFAULT_CALENDAR_TITLE, DISCREET_CHOICES, EVENT_KINDS, EVENT_LANGUAGES, eventState, isDiscreetByDefault, languagesOf, MAX_SESSIONS, placesLeft, QUESTIONS, questionsOf, registrationWindow, VISIBILITIES, type EventKind, type EventState, type EventWithSessions, type Question } from "./event-options";
import { getActiveMembership } from "./membership.server";
import { assertTrack } from "./tracks.server";
import { paths } from "~/lib/urls";

export * from "./event-options";
import { eventCancelled, eventChanged } from "./event-changes.server";
import type { EventChanges, SessionState } from "./event-diff";
import { fillFromWaitlist } from "./waitlist.server";
import { recountEvent } from "./registration-counts.server";
import { TX_OPTIONS } from "~/lib/transactions.server";

/**
 * Events and courses: what staff publish and what the public sees. Registrations, the waitlist and the mails they
 * cause live in ./registrations.server.ts. Every function that decides by time takes `now` last.
 */

// ─── The staff form ──────────────────────────────────────────────────────────────────────────────────────────────

// eslint-disable-next-line no-control-regex -- a one-line field may hold no control characters at all
const controlChars = /[\u0000-\u001f\u007f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- multi-line text keeps tabs and line breaks, nothing else
const controlCharsMultiline = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const line = (max: number) =>
  z
    .string({ required_error: "form.required" })
    .trim()
    .min(1, "form.required")
    .max(max, "events.errorTooLong")
    .refine((v) => !controlChars.test(v), "form.invalid");
const optionalLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "events.errorTooLong")
    .refine((v) => !controlChars.test(v), "form.invalid")
    .optional()
    .transform((v) => (v ? v : null));
const optionalText = (max: number) =>
  z
    .string()
    .max(max, "events.errorTooLong")
    .refine((v) => !controlCharsMultiline.test(v), "form.invalid")
    .optional()
    .transform((v) => (v?.trim() ? v.replace(/\r\n?/g, "\n").trim() : null));
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** "2026-10-15" + "17:00" in Copenhagen → the UTC instant; null when not a real date and time. */
export function copenhagenTime(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  return dt.isValid ? dt.toJSDate() : null;
}

function copenhagenDateTimeLocal(value: string | undefined): Date | null | "invalid" {
  if (!value) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (!m) return "invalid";
  return copenhagenTime(m[1]!, m[2]!) ?? "invalid";
}

/** For putting a stored instant back into the form's date/time inputs (Copenhagen wall-clock). */
export function toFormParts(d: Date) {
  const dt = DateTime.fromJSDate(d).setZone(timeZone);
  return { date: dt.toFormat("yyyy-MM-dd"), time: dt.toFormat("HH:mm"), local: dt.toFormat("yyyy-MM-dd'T'HH:mm") };
}

export const eventFormSchema = z
  .object({
    kind: z.enum(EVENT_KINDS, { errorMap: () => ({ message: "form.required" }) }),
    // "auto" (or nothing) leaves it to isDiscreetByDefault, so the right default needs no JavaScript in the form
    discreet: z
      .enum(DISCREET_CHOICES, { errorMap: () => ({ message: "form.invalid" }) })
      .optional()
      .transform((v) => (v === "yes" ? true : v === "no" ? false : undefined)),
    title: line(200),
    summary: line(500),
    description: optionalText(20_000),
    // one of the plan's tracks (./tracks.server.ts): the route checks the table, createEvent/updateEvent refuse others
    track: z.coerce.number().int().min(1, "form.required").max(99, "form.required"),
    audience: z.enum(AUDIENCES, { errorMap: () => ({ message: "form.required" }) }),
    visibility: z.enum(VISIBILITIES, { errorMap: () => ({ message: "form.required" }) }),
    placeAddress: optionalLine(300),
    placeRoom: optionalLine(200),
    placeDirections: optionalText(2000),
    placeAccessibility: optionalText(2000),
    onlineUrl: optionalLine(2000).refine((v) => v === null || /^https:\/\/[^\s]+$/.test(v), "events.errorHttps"),
    languages: list.refine((l) => l.length > 0, "events.errorLanguages").refine((l) => l.every((x) => (EVENT_LANGUAGES as readonly string[]).includes(x)), "form.invalid"),
    capacity: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^\d{1,5}$/.test(v), "events.errorCapacity")
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (v >= 1 && v <= 10_000), "events.errorCapacity"),
    registrationOpensAt: z.string().optional(),
    registrationClosesAt: z.string().optional(),
    waitlistEnabled: z.string().optional().transform((v) => v === "on"),
    questions: list.refine((l) => l.every((x) => (QUESTIONS as readonly string[]).includes(x)), "form.invalid"),
    calendarTitle: optionalLine(100).transform((v) => v ?? DEFAULT_CALENDAR_TITLE),
    "sessionId[]": list,
    "sessionDate[]": list,
    "sessionStart[]": list,
    "sessionEnd[]": list,
    "sessionAddress[]": list,
    "sessionRoom[]": list,
  })
  .transform((v, ctx) => {
    const opens = copenhagenDateTimeLocal(v.registrationOpensAt);
    const closes = copenhagenDateTimeLocal(v.registrationClosesAt);
    if (opens === "invalid") ctx.addIssue({ code: "custom", path: ["registrationOpensAt"], message: "events.errorDateTime" });
    if (closes === "invalid") ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "events.errorDateTime" });
    if (opens instanceof Date && closes instanceof Date && closes <= opens) {
      ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "events.errorClosesBeforeOpens" });
    }
    const sessions: SessionInput[] = [];
    const rows = Math.min(v["sessionDate[]"].length, MAX_SESSIONS);
    for (let i = 0; i < rows; i++) {
      const date = v["sessionDate[]"][i]?.trim() ?? "";
      const start = v["sessionStart[]"][i]?.trim() ?? "";
      const end = v["sessionEnd[]"][i]?.trim() ?? "";
      const address = v["sessionAddress[]"][i]?.trim() ?? "";
      const room = v["sessionRoom[]"][i]?.trim() ?? "";
      if (!date && !start && !end) continue; // an empty row
      const startsAt = copenhagenTime(date, start);
      const endsAt = copenhagenTime(date, end);
      if (!startsAt || !endsAt) {
        ctx.addIssue({ code: "custom", path: [`session-${i}`], message: "events.errorSessionTime" });
        continue;
      }
      if (endsAt <= startsAt) {
        ctx.addIssue({ code: "custom", path: [`session-${i}`], message: "events.errorSessionOrder" });
        continue;
      }
      if (address.length > 300 || room.length > 200 || controlChars.test(address) || controlChars.test(room)) {
        ctx.addIssue({ code: "custom", path: [`session-${i}`], message: "form.invalid" });
        continue;
      }
      sessions.push({ id: v["sessionId[]"][i] || undefined, startsAt, endsAt, placeAddress: address || null, placeRoom: room || null });
    }
    if (sessions.length === 0) ctx.addIssue({ code: "custom", path: ["session-0"], message: "events.errorNoSessions" });
    if (!v.placeAddress && !v.onlineUrl) ctx.addIssue({ code: "custom", path: ["placeAddress"], message: "events.errorPlace" });
    return {
      kind: v.kind,
      discreet: v.discreet,
      title: v.title,
      summary: v.summary,
      description: v.description ?? "",
      track: v.track,
      audience: v.audience,
      visibility: v.visibility,
      placeAddress: v.placeAddress,
      placeRoom: v.placeRoom,
      placeDirections: v.placeDirections,
      placeAccessibility: v.placeAccessibility,
      onlineUrl: v.onlineUrl,
      languages: v.languages,
      capacity: v.capacity,
      registrationOpensAt: opens instanceof Date ? opens : null,
      registrationClosesAt: closes instanceof Date ? closes : null,
      waitlistEnabled: v.waitlistEnabled,
      questions: v.questions as Question[],
      calendarTitle: v.calendarTitle,
      sessions,
    } satisfies EventInput;
  });

export type SessionInput = { id?: string; startsAt: Date; endsAt: Date; placeAddress?: string | null; placeRoom?: string | null };

export type EventInput = {
  kind: EventKind;
  /** no word of the topic in its public address, tab title, calendar entries or mail openings; default from isDiscreetByDefault */
  discreet?: boolean;
  title: string;
  summary: string;
  description: string;
  track: number;
  audience: (typeof AUDIENCES)[number];
  visibility: (typeof VISIBILITIES)[number];
  placeAddress?: string | null;
  placeRoom?: string | null;
  placeDirections?: string | null;
  placeAccessibility?: string | null;
  onlineUrl?: string | null;
  languages: string[];
  capacity: number | null;
  registrationOpensAt?: Date | null;
  registrationClosesAt?: Date | null;
  waitlistEnabled: boolean;
  questions: Question[];
  calendarTitle?: string;
  sessions: SessionInput[];
};

function slugify(title: string): string {
  const base = title
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "oe")
    .replace(/å/g, "aa")
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return base || "arrangement";
}

// Slugs and short ids share /events/<…>: neither may equal the other kind of any event, so one address is one event.
async function uniqueSlug(tx: Db, title: string, exceptId?: string): Promise<string> {
  const base = slugify(title);
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    const taken = await tx.event.findFirst({ where: { OR: [{ slug }, { shortId: slug }] }, select: { id: true } });
    if (!taken || taken.id === exceptId) return slug;
  }
}

/** A new event's opaque public address, unique among events' short ids and slugs. */
async function uniqueShortId(tx: Db): Promise<string> {
  for (;;) {
    const shortId = randomShortId();
    const taken = await tx.event.findFirst({ where: { OR: [{ shortId }, { slug: shortId }] }, select: { id: true } });
    if (!taken) return shortId;
  }
}

function eventData(input: EventInput) {
  const sorted = [...input.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return {
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    description: input.description,
    track: input.track,
    audience: input.audience,
    visibility: input.visibility,
    placeAddress: input.placeAddress ?? null,
    placeRoom: input.placeRoom ?? null,
    placeDirections: input.placeDirections ?? null,
    placeAccessibility: input.placeAccessibility ?? null,
    onlineUrl: input.onlineUrl?.startsWith("https://") ? input.onlineUrl : null,
    languages: input.languages.join(","),
    capacity: input.capacity,
    registrationOpensAt: input.registrationOpensAt ?? null,
    registrationClosesAt: input.registrationClosesAt ?? null,
    waitlistEnabled: input.waitlistEnabled,
    questions: input.questions.join(","),
    calendarTitle: input.calendarTitle?.trim() || DEFAULT_CALENDAR_TITLE,
    discreet: input.discreet ?? isDiscreetByDefault(input),
    firstStartsAt: sorted[0]?.startsAt ?? null,
    lastEndsAt: sorted.length ? new Date(Math.max(...sorted.map((s) => s.endsAt.getTime()))) : null,
  };
}

// ─── Staff ───────────────────────────────────────────────────────────────────────────────────────────────────────

export async function createEvent(actorId: string | null, input: EventInput): Promise<EventWithSessions> {
  return db.$transaction(async (tx) => {
    await assertTrack(tx, input.track);
    const sorted = [...input.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const event = await tx.event.create({
      data: {
        ...eventData(input),
        slug: await uniqueSlug(tx, input.title),
        shortId: await uniqueShortId(tx),
        createdById: actorId,
        sessions: {
          create: sorted.map((s, i) => ({ position: i, startsAt: s.startsAt, endsAt: s.endsAt, placeAddress: s.placeAddress ?? null, placeRoom: s.placeRoom ?? null })),
        },
      },
      include: { sessions: { orderBy: { position: "asc" } } },
    });
    await audit(tx, { actorId, action: "event.create", entityType: "Event", entityId: event.id, details: { discreet: event.discreet } });
    return event;
  }, TX_OPTIONS);
}

/** Where a session is, as people read it: its own room and address, else the event's (as in the calendar file). */
function sessionState(
  session: { startsAt: Date; endsAt: Date; placeAddress: string | null; placeRoom: string | null },
  event: { placeAddress: string | null; placeRoom: string | null },
): SessionState {
  const address = session.placeAddress || event.placeAddress;
  const room = session.placeAddress ? session.placeRoom : session.placeRoom || event.placeRoom;
  return { startsAt: session.startsAt, endsAt: session.endsAt, place: [room, address].filter(Boolean).join(", ") || null };
}

export type UpdateResult = { ok: true; event: EventWithSessions; notified: number } | { ok: false; error: "not-found" | "cancelled" | "session-removed" };

/**
 * Saves staff's edit. When a published event's time or place changes, SEQUENCE rises and every registered person
 * gets one update (METHOD:REQUEST, same UIDs). A raised capacity hands freed places to the waitlist.
 */
export async function updateEvent(actorId: string | null, eventId: string, input: EventInput, now = new Date()): Promise<UpdateResult> {
  return db.$transaction(async (tx) => {
    const before = await tx.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
    if (!before) return { ok: false, error: "not-found" } as const;
    if (before.status === "CANCELLED") return { ok: false, error: "cancelled" } as const;
    await assertTrack(tx, input.track);
    const keptIds = new Set(input.sessions.map((s) => s.id).filter(Boolean));
    const removed = before.sessions.filter((s) => !keptIds.has(s.id));
    // A session that people have in their calendars is not silently dropped: staff cancel the event instead.
    if (before.status === "PUBLISHED" && removed.length > 0) return { ok: false, error: "session-removed" } as const;

    const sorted = [...input.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const beforeById = new Map(before.sessions.map((s) => [s.id, s]));
    const data = eventData(input);
    // what each session was and is, for the change mail (old → new); removed sessions last
    const changes: EventChanges = { sessions: [], onlineChanged: (before.onlineUrl ?? null) !== data.onlineUrl };
    let changed =
      (before.placeAddress ?? null) !== data.placeAddress ||
      (before.placeRoom ?? null) !== data.placeRoom ||
      (before.onlineUrl ?? null) !== data.onlineUrl ||
      before.calendarTitle !== data.calendarTitle;
    if (removed.length) {
      changed = true;
      for (const old of removed) changes.sessions.push({ before: sessionState(old, before), after: null });
      await tx.eventSession.deleteMany({ where: { id: { in: removed.map((s) => s.id) }, eventId } });
    }
    for (const [position, s] of sorted.entries()) {
      const old = s.id ? beforeById.get(s.id) : undefined;
      const fields = { position, startsAt: s.startsAt, endsAt: s.endsAt, placeAddress: s.placeAddress ?? null, placeRoom: s.placeRoom ?? null };
      changes.sessions.push({ before: old ? sessionState(old, before) : null, after: sessionState(fields, data) });
      if (old) {
        if (
          old.startsAt.getTime() !== s.startsAt.getTime() ||
          old.endsAt.getTime() !== s.endsAt.getTime() ||
          (old.placeAddress ?? null) !== fields.placeAddress ||
          (old.placeRoom ?? null) !== fields.placeRoom
        ) {
          changed = true;
        }
        await tx.eventSession.update({ where: { id: old.id }, data: fields });
      } else {
        changed = true;
        await tx.eventSession.create({ data: { ...fields, eventId } });
      }
    }
    const raiseSequence = changed && before.status === "PUBLISHED";
    await tx.event.update({
      where: { id: eventId },
      data: { ...data, slug: before.slug, sequence: raiseSequence ? { increment: 1 } : undefined },
    });
    const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
    // removed sessions read best after the ones that stay
    changes.sessions.sort((a, b) => Number(a.after === null) - Number(b.after === null));
    const notified = raiseSequence ? await eventChanged(tx, event, now, changes) : 0;
    await audit(tx, {
      actorId,
      action: "event.update",
      entityType: "Event",
      entityId: eventId,
      details: { timeOrPlaceChanged: changed, sequence: event.sequence, notified, discreet: event.discreet, discreetChanged: before.discreet !== event.discreet },
    });
    if (before.status === "PUBLISHED") {
      await fillFromWaitlist(tx, eventId, now);
      await recountEvent(tx, eventId);
    }
    return { ok: true, event, notified } as const;
  }, TX_OPTIONS);
}

export async function publishEvent(actorId: string | null, eventId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const event = await tx.event.findUnique({ where: { id: eventId }, include: { sessions: true } });
    if (!event || event.status !== "DRAFT" || event.sessions.length === 0) return false;
    await tx.event.update({ where: { id: eventId }, data: { status: "PUBLISHED", publishedAt: now } });
    await audit(tx, { actorId, action: "event.publish", entityType: "Event", entityId: eventId });
    return true;
  }, TX_OPTIONS);
}

/** Cancels with a message: every registered and waiting person hears, with METHOD:CANCEL for those who had it in their calendar. */
export async function cancelEvent(actorId: string | null, eventId: string, message: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const before = await tx.event.findUnique({ where: { id: eventId }, select: { status: true } });
    if (!before || before.status === "CANCELLED") return { ok: false as const, notified: 0 };
    await tx.event.update({
      where: { id: eventId },
      data: { status: "CANCELLED", cancelledAt: now, cancelMessage: message.trim() || null, sequence: { increment: 1 } },
    });
    const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
    const notified = before.status === "PUBLISHED" ? await eventCancelled(tx, event, now) : 0;
    await audit(tx, { actorId, action: "event.cancel", entityType: "Event", entityId: eventId, details: { notified } });
    return { ok: true as const, notified };
  }, TX_OPTIONS);
}

/** A new draft with the same content and sessions (staff then move the dates). */
export async function duplicateEvent(actorId: string | null, eventId: string, copySuffix: string) {
  return db.$transaction(async (tx) => {
    const source = await tx.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
    if (!source) return null;
    const title = `${source.title} ${copySuffix}`.slice(0, 200);
    const copy = await tx.event.create({
      data: {
        slug: await uniqueSlug(tx, title),
        shortId: await uniqueShortId(tx),
        discreet: source.discreet,
        kind: source.kind,
        title,
        summary: source.summary,
        description: source.description,
        track: source.track,
        audience: source.audience,
        visibility: source.visibility,
        placeAddress: source.placeAddress,
        placeRoom: source.placeRoom,
        placeDirections: source.placeDirections,
        placeAccessibility: source.placeAccessibility,
        onlineUrl: source.onlineUrl,
        languages: source.languages,
        capacity: source.capacity,
        registrationOpensAt: source.registrationOpensAt,
        registrationClosesAt: source.registrationClosesAt,
        waitlistEnabled: source.waitlistEnabled,
        questions: source.questions,
        calendarTitle: source.calendarTitle,
        firstStartsAt: source.firstStartsAt,
        lastEndsAt: source.lastEndsAt,
        createdById: actorId,
        sessions: {
          create: source.sessions.map((s) => ({ position: s.position, startsAt: s.startsAt, endsAt: s.endsAt, placeAddress: s.placeAddress, placeRoom: s.placeRoom })),
        },
      },
    });
    await audit(tx, { actorId, action: "event.duplicate", entityType: "Event", entityId: copy.id, details: { from: eventId } });
    return copy;
  }, TX_OPTIONS);
}

export async function getEventForStaff(eventId: string) {
  return db.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
}

/** The staff list: every event, newest first, with its fill. One query. */
export async function listStaffEvents(filter: { state?: EventState } = {}, now = new Date()) {
  const where: Prisma.EventWhereInput =
    filter.state === "draft"
      ? { status: "DRAFT" }
      : filter.state === "cancelled"
        ? { status: "CANCELLED" }
        : filter.state === "past"
          ? { status: "PUBLISHED", lastEndsAt: { lte: now } }
          : filter.state === "published"
            ? { status: "PUBLISHED", OR: [{ lastEndsAt: null }, { lastEndsAt: { gt: now } }] }
            : {};
  const events = await db.event.findMany({
    where,
    orderBy: [{ firstStartsAt: "desc" }, { createdAt: "desc" }],
    take: 500,
    select: {
      id: true,
      title: true,
      kind: true,
      status: true,
      firstStartsAt: true,
      lastEndsAt: true,
      capacity: true,
      registeredPersons: true,
      heldPersons: true,
      waitingCount: true,
      visibility: true,
    },
  });
  return events.map((e) => ({ ...e, state: eventState(e, now) }));
}

// ─── The public ──────────────────────────────────────────────────────────────────────────────────────────────────

export type PublicFilter = { kind?: string; audience?: string; month?: string; courses?: boolean; page?: number };
/** Events per page on /events; the list asks for one more to know whether there is a next page. */
export const PUBLIC_PAGE_SIZE = 20;

const listSelect = {
  id: true,
  slug: true,
  shortId: true,
  discreet: true,
  kind: true,
  title: true,
  summary: true,
  audience: true,
  placeAddress: true,
  placeRoom: true,
  onlineUrl: true,
  firstStartsAt: true,
  lastEndsAt: true,
  capacity: true,
  registeredPersons: true,
  heldPersons: true,
  waitingCount: true,
  waitlistEnabled: true,
  languages: true,
  _count: { select: { sessions: true } },
} satisfies Prisma.EventSelect;

/** Upcoming published public events, soonest first, with their fill (one query and its session join). */
export async function listPublicEvents(filter: PublicFilter = {}, now = new Date()) {
  const where: Prisma.EventWhereInput = { status: "PUBLISHED", visibility: "PUBLIC", lastEndsAt: { gt: now } };
  if (filter.courses) where.kind = { in: [...COURSE_KINDS] };
  else if (filter.kind && (EVENT_KINDS as readonly string[]).includes(filter.kind)) where.kind = filter.kind as EventKind;
  if (filter.audience && (AUDIENCES as readonly string[]).includes(filter.audience)) where.audience = filter.audience as (typeof AUDIENCES)[number];
  const month = filter.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(filter.month) ? filter.month : undefined;
  if (month) {
    const start = DateTime.fromISO(`${month}-01T00:00`, { zone: timeZone });
    where.firstStartsAt = { gte: start.toJSDate(), lt: start.plus({ months: 1 }).toJSDate() };
  }
  const page = Math.max(1, Math.min(100, Math.floor(filter.page ?? 1)));
  const events = await db.event.findMany({
    where,
    orderBy: [{ firstStartsAt: "asc" }, { id: "asc" }],
    skip: (page - 1) * PUBLIC_PAGE_SIZE,
    take: PUBLIC_PAGE_SIZE + 1,
    select: listSelect,
  });
  // one query: the session count comes as a sub-select; a one-session event's time is firstStartsAt–lastEndsAt
  return events.map(({ onlineUrl, _count, ...e }) => ({
    ...e,
    path: paths.publicEvent(e),
    sessionCount: _count.sessions,
    online: Boolean(onlineUrl),
    availability: availability(e),
    placesLeft: placesLeft(e),
  }));
}

/**
 * The forum events an organisation's contacts see on /member: published, not yet over, and either for forum members
 * (members-only, a forum meeting, or the forum audience) or one that a contact of the organisation is registered for.
 */
export async function listUpcomingMemberEvents(organisationId: string, now = new Date()) {
  const contacts = await db.organisationContact.findMany({ where: { organisationId }, select: { userId: true } });
  const events = await db.event.findMany({
    where: {
      status: "PUBLISHED",
      lastEndsAt: { gt: now },
      OR: [
        { visibility: "MEMBERS" },
        { kind: "FORUM_MEETING", visibility: { not: "INVITATION" } },
        { audience: "FORUM_MEMBERS", visibility: { not: "INVITATION" } },
        {
          registrations: {
            some: { status: { in: ["REGISTERED", "WAITLISTED"] }, userId: { in: contacts.map((c) => c.userId) } },
          },
        },
      ],
    },
    orderBy: [{ firstStartsAt: "asc" }, { id: "asc" }],
    take: 20,
    select: { id: true, slug: true, shortId: true, discreet: true, title: true, firstStartsAt: true },
  });
  return events.map((e) => ({ id: e.id, path: paths.publicEvent(e), title: e.title, startsAt: (e.firstStartsAt ?? now).toISOString() }));
}

export type Viewer = { userId: string; role: string } | null;

/** May this viewer see the event's page? Drafts and invitation-only events: staff only; member events: members and staff. */
async function mayView(event: Pick<Event, "status" | "visibility">, viewer: Viewer): Promise<{ ok: boolean; member: Awaited<ReturnType<typeof getActiveMembership>> }> {
  const staff = viewer?.role === "STAFF" || viewer?.role === "ADMIN";
  const member = viewer?.role === "MEMBER" ? await getActiveMembership(viewer.userId) : null;
  if (event.status === "DRAFT") return { ok: staff, member };
  if (event.visibility === "PUBLIC") return { ok: true, member };
  if (event.visibility === "MEMBERS") return { ok: staff || member !== null, member };
  return { ok: staff, member };
}

/**
 * One event's public page, by its id, slug or short id (the route sends any but the current address on with
 * eventRedirect). The online link is not in it: participants get it by mail and private link.
 */
export async function getPublicEvent(idOrSlug: string, viewer: Viewer = null, now = new Date()) {
  if (!idOrSlug || idOrSlug.length > 200) return null;
  const matches = await db.event.findMany({
    where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }, { shortId: idOrSlug }] },
    include: { sessions: { orderBy: { position: "asc" } } },
    take: 3,
  });
  // new slugs and short ids never collide (uniqueSlug, uniqueShortId); should old ones, the event whose address it is wins
  const event = matches.find((e) => paths.publicEvent(e) === `/events/${encodeURIComponent(idOrSlug)}`) ?? matches[0];
  if (!event) return null;
  const access = await mayView(event, viewer);
  if (!access.ok) return null;
  const { onlineUrl, ...rest } = event;
  return {
    event: { ...rest, online: Boolean(onlineUrl) },
    calendar: { ...calendarInput(event), onlineUrl: null },
    state: eventState(event, now),
    window: registrationWindow(event, now),
    availability: availability(event),
    placesLeft: placesLeft(event),
    questions: questionsOf(event),
    languages: languagesOf(event),
    membership: access.member,
  };
}

/** The .ics of one public event page (no participant data, no online link), with the event's current address. */
export async function publicEventIcs(idOrSlug: string, viewer: Viewer = null, now = new Date()) {
  const found = await getPublicEvent(idOrSlug, viewer, now);
  if (!found || found.state === "draft") return null;
  return { body: publicEventCalendar(found.calendar, now), event: { slug: found.event.slug, shortId: found.event.shortId, discreet: found.event.discreet } };
}

/** /calendar.ics: every public published event that has not ended more than 30 days ago. */
export async function publicFeedIcs(name: string, now = new Date()) {
  const events = await db.event.findMany({
    where: { status: { in: ["PUBLISHED", "CANCELLED"] }, visibility: "PUBLIC", publishedAt: { not: null }, lastEndsAt: { gt: new Date(now.getTime() - 30 * 86_400_000) } },
    include: { sessions: { orderBy: { position: "asc" } } },
    orderBy: { firstStartsAt: "asc" },
    take: 1000,
  });
  return publicFeed(events.map((e) => ({ ...calendarInput(e), onlineUrl: null })), name, now);
}

export type { Tx };
