import type { Prisma } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { randomShortId } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { eventCancelled, eventChanged } from "./event-changes.server";
import type { EventChanges, SessionState } from "./event-diff";
import { TX_OPTIONS } from "~/lib/transactions.server";
import type { EventInput } from "./event-form";
import { DEFAULT_CALENDAR_TITLE, eventState, isDiscreetByDefault, type EventState, type EventWithSessions } from "./event-options";
import { recountEvent } from "./registration-counts.server";
import { assertTrack } from "./tracks.server";
import { fillFromWaitlist } from "./waitlist.server";

/**
 * An event's life as staff lead it: create, change, publish, cancel, duplicate, and the staff's list and edit page.
 * A change of time or place and a cancellation tell those concerned through ./event-changes.server.ts, in the same
 * transaction. The form is in ./event-form.ts, what the public sees in ./public-events.server.ts; registrations and the
 * waitlist in ./registrations.server.ts and ./waitlist.server.ts. Every function that decides by time takes `now` last.
 */

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

type UpdateResult = { ok: true; event: EventWithSessions; notified: number } | { ok: false; error: "not-found" | "cancelled" | "session-removed" };

/**
 * Saves staff's edit. When a published event's time or place changes, SEQUENCE rises and every registered person
 * gets one update (METHOD:REQUEST, same UIDs). A raised capacity hands freed places to the waitlist.
 */
export async function updateEvent({ actorId, eventId, input }: { actorId: string | null; eventId: string; input: EventInput }, now = new Date()): Promise<UpdateResult> {
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

export async function publishEvent({ actorId, eventId }: { actorId: string | null; eventId: string }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const event = await tx.event.findUnique({ where: { id: eventId }, include: { sessions: true } });
    if (!event || event.status !== "DRAFT" || event.sessions.length === 0) return false;
    await tx.event.update({ where: { id: eventId }, data: { status: "PUBLISHED", publishedAt: now } });
    await audit(tx, { actorId, action: "event.publish", entityType: "Event", entityId: eventId });
    return true;
  }, TX_OPTIONS);
}

/** Cancels with a message: every registered and waiting person hears, with METHOD:CANCEL for those who had it in their calendar. */
export async function cancelEvent({ actorId, eventId, message }: { actorId: string | null; eventId: string; message: string }, now = new Date()) {
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
export async function duplicateEvent({ actorId, eventId, copySuffix }: { actorId: string | null; eventId: string; copySuffix: string }) {
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
