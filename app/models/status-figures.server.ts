import { DateTime } from "luxon";
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { timeZone } from "~/lib/i18n";
import { EVENT_KINDS, type EventKind } from "./event-options";
import { listTracks } from "./tracks.server";

/**
 * The yearly status of the action plan for the committee (issue 10; docs/decisions/0024-yearly-status.md): what the
 * portal knows of a calendar year (Copenhagen time), per track and in total, beside the year before. Every figure is
 * an SQL aggregate; no rows of people are loaded. `statusFigures` gives the exact numbers (tested exactly);
 * status.server.ts's `statusReport` is what leaves the server — the same figures with small counts of people
 * suppressed (./small-numbers.ts), for the page, the XLSX and the print/PDF alike.
 *
 * What counts where:
 * - an event belongs to the year of its first session; only published events count (drafts and cancelled do not);
 * - sessions held: sessions of published events that began in the year and had ended by `now`;
 * - attendance: attendance records of those sessions, in persons (a registration's group size);
 * - participants: distinct people (by address, with their group) present at least once in the year;
 * - unmet demand: persons of registrations that waited on the waitlist and never got a place;
 * - forum members: organisations whose case stood at APPROVED at the moment (case history, else approvedAt);
 * - invitations: those sent for the year's events;
 * - an event whose registrations and invitations were deleted (90 days after it) counts from its EventTally.
 */


const MONTHS = 12;

export type TrackFigures = {
  events: number;
  eventsByKind: Record<EventKind, number>;
  sessionsHeld: number;
  sessionsByMonth: number[];
  placesOffered: number;
  eventsWithoutLimit: number;
  registeredPersons: number;
  attendances: number;
  attendanceRecorded: number;
  participants: number;
  unmetDemand: number;
  mailings: number;
  invited: number;
  answered: number;
  budget: number | null;
};

export type ForumFigures = {
  membersAtStart: number;
  membersAtEnd: number;
  joined: number;
  lapsed: number;
  left: number;
  signatures: number;
  /** members at the end of each month (the last is membersAtEnd; a month still to come repeats `now`) */
  membersByMonth: number[];
};

export type YearFigures = {
  year: number;
  tracks: { number: number; name: string; figures: TrackFigures }[];
  total: TrackFigures;
  forum: ForumFigures;
};

function yearBounds(year: number) {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: timeZone });
  return {
    start: start.toJSDate(),
    end: start.plus({ years: 1 }).toJSDate(),
    months: Array.from({ length: MONTHS + 1 }, (_, m) => start.plus({ months: m }).toJSDate()),
  };
}

/** The year a status page opens with: the one now running in Copenhagen. */
export function currentYear(now = new Date()) {
  return DateTime.fromJSDate(now).setZone(timeZone).year;
}

export function isStatusYear(year: number) {
  return Number.isInteger(year) && year >= 2000 && year <= 2100;
}

const n = (v: unknown) => Number(v ?? 0);

const TALLY_KEYS = ["registeredPersons", "unmetDemand", "attendances", "attendanceRecorded", "participants", "mailings", "invited", "answered"] as const;
type TallyKey = (typeof TALLY_KEYS)[number];

function emptyFigures(): TrackFigures {
  return {
    events: 0,
    eventsByKind: Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>,
    sessionsHeld: 0,
    sessionsByMonth: Array<number>(MONTHS).fill(0),
    placesOffered: 0,
    eventsWithoutLimit: 0,
    registeredPersons: 0,
    attendances: 0,
    attendanceRecorded: 0,
    participants: 0,
    unmetDemand: 0,
    mailings: 0,
    invited: 0,
    answered: 0,
    budget: null,
  };
}

/** A moment as an SQL literal, in the form the adapter stores and binds dates in (made from our own Date, never input). */

/** "month number (1-12) of a timestamp column" as SQL, from the year's month boundaries in Copenhagen. */
function monthCase(column: Prisma.Sql, months: Date[]) {
  const whens = months.slice(1, MONTHS).map((d, i) => Prisma.sql`WHEN ${column} < ${d} THEN ${i + 1}`);
  return Prisma.sql`CASE ${Prisma.join(whens, " ")} ELSE ${MONTHS} END`;
}

async function yearFigures(year: number, now: Date): Promise<YearFigures> {
  const { start, end, months } = yearBounds(year);
  const held = now < end ? now : end;
  const tracks = await listTracks();
  const [events, sessions, registrations, attendance, participantsByTrack, participantsTotal, invitations, tallies, budgets, forum] = await Promise.all([
    db.event.groupBy({
      by: ["track", "kind"],
      where: { status: "PUBLISHED", firstStartsAt: { gte: start, lt: end } },
      _count: { _all: true, capacity: true },
      _sum: { capacity: true },
    }),
    db.$queryRaw<{ track: number; month: number; count: bigint }[]>`
      SELECT e.track AS track, ${monthCase(Prisma.sql`s.startsAt`, months)} AS month, COUNT(*) AS count
        FROM EventSession s JOIN Event e ON e.id = s.eventId
       WHERE e.status = 'PUBLISHED' AND s.startsAt >= ${start} AND s.startsAt < ${end} AND s.endsAt <= ${held}
       GROUP BY 1, 2`,
    db.$queryRaw<{ track: number; registered: bigint | null; unmet: bigint | null }[]>`
      SELECT e.track AS track,
             SUM(CASE WHEN r.status = 'REGISTERED' THEN r.groupSize ELSE 0 END) AS registered,
             SUM(CASE WHEN r.registeredAt IS NULL AND r.waitlistedAt IS NOT NULL THEN r.groupSize ELSE 0 END) AS unmet
        FROM Registration r JOIN Event e ON e.id = r.eventId
       WHERE e.status = 'PUBLISHED' AND e.firstStartsAt >= ${start} AND e.firstStartsAt < ${end}
       GROUP BY e.track`,
    db.$queryRaw<{ track: number; present: bigint | null; recorded: bigint | null }[]>`
      SELECT e.track AS track, SUM(CASE WHEN a.present THEN r.groupSize ELSE 0 END) AS present, SUM(r.groupSize) AS recorded
        FROM SessionAttendance a
        JOIN EventSession s ON s.id = a.sessionId
        JOIN Event e ON e.id = s.eventId
        JOIN Registration r ON r.id = a.registrationId
       WHERE e.status = 'PUBLISHED' AND s.startsAt >= ${start} AND s.startsAt < ${end} AND s.endsAt <= ${held}
       GROUP BY e.track`,
    db.$queryRaw<{ track: number; people: bigint | null }[]>`
      SELECT track, SUM(size) AS people FROM (
        SELECT e.track AS track, r.email AS email, MAX(r.groupSize) AS size
          FROM SessionAttendance a
          JOIN EventSession s ON s.id = a.sessionId
          JOIN Event e ON e.id = s.eventId
          JOIN Registration r ON r.id = a.registrationId
         WHERE a.present AND e.status = 'PUBLISHED' AND s.startsAt >= ${start} AND s.startsAt < ${end} AND s.endsAt <= ${held}
         GROUP BY e.track, r.email)
      GROUP BY track`,
    db.$queryRaw<{ people: bigint | null }[]>`
      SELECT SUM(size) AS people FROM (
        SELECT r.email AS email, MAX(r.groupSize) AS size
          FROM SessionAttendance a
          JOIN EventSession s ON s.id = a.sessionId
          JOIN Event e ON e.id = s.eventId
          JOIN Registration r ON r.id = a.registrationId
         WHERE a.present AND e.status = 'PUBLISHED' AND s.startsAt >= ${start} AND s.startsAt < ${end} AND s.endsAt <= ${held}
         GROUP BY r.email)`,
    db.$queryRaw<{ track: number; mailings: bigint; invited: bigint | null; answered: bigint | null }[]>`
      SELECT e.track AS track, COUNT(DISTINCT i.id) AS mailings,
             SUM(CASE WHEN c.id IS NOT NULL AND NOT c.optedOut THEN 1 ELSE 0 END) AS invited,
             SUM(CASE WHEN c.answer IS NOT NULL THEN 1 ELSE 0 END) AS answered
        FROM Invitation i JOIN Event e ON e.id = i.eventId LEFT JOIN InvitationRecipient c ON c.invitationId = i.id
       WHERE i.sentAt IS NOT NULL AND e.status = 'PUBLISHED' AND e.firstStartsAt >= ${start} AND e.firstStartsAt < ${end}
       GROUP BY e.track`,
    // what the deletion 90 days after an event left as numbers (./status-tally.server.ts)
    db.$queryRaw<Record<"track" | TallyKey, bigint | number | null>[]>`
      SELECT e.track AS track, SUM(t.registeredPersons) AS registeredPersons, SUM(t.unmetDemand) AS unmetDemand,
             SUM(t.attendances) AS attendances, SUM(t.attendanceRecorded) AS attendanceRecorded, SUM(t.participants) AS participants,
             SUM(t.mailings) AS mailings, SUM(t.invited) AS invited, SUM(t.answered) AS answered
        FROM EventTally t JOIN Event e ON e.id = t.eventId
       WHERE e.status = 'PUBLISHED' AND e.firstStartsAt >= ${start} AND e.firstStartsAt < ${end}
       GROUP BY e.track`,
    db.trackBudget.findMany({ where: { year }, select: { amount: true, track: { select: { number: true } } } }),
    forumFigures(months, now),
  ]);

  const byTrack = new Map<number, TrackFigures>();
  const figuresOf = (track: number) => {
    let f = byTrack.get(track);
    if (!f) byTrack.set(track, (f = emptyFigures()));
    return f;
  };
  for (const t of tracks) figuresOf(t.number);
  for (const g of events) {
    const f = figuresOf(g.track);
    f.events += g._count._all;
    f.eventsByKind[g.kind] += g._count._all;
    f.placesOffered += g._sum.capacity ?? 0;
    f.eventsWithoutLimit += g._count._all - g._count.capacity;
  }
  for (const s of sessions) {
    const f = figuresOf(n(s.track));
    f.sessionsHeld += n(s.count);
    f.sessionsByMonth[n(s.month) - 1]! += n(s.count);
  }
  for (const r of registrations) Object.assign(figuresOf(n(r.track)), { registeredPersons: n(r.registered), unmetDemand: n(r.unmet) });
  for (const a of attendance) Object.assign(figuresOf(n(a.track)), { attendances: n(a.present), attendanceRecorded: n(a.recorded) });
  for (const p of participantsByTrack) figuresOf(n(p.track)).participants = n(p.people);
  for (const i of invitations) Object.assign(figuresOf(n(i.track)), { mailings: n(i.mailings), invited: n(i.invited), answered: n(i.answered) });
  for (const b of budgets) figuresOf(b.track.number).budget = b.amount;
  let tallied = 0;
  for (const t of tallies) {
    const f = figuresOf(n(t.track));
    for (const key of TALLY_KEYS) f[key] += n(t[key]);
    tallied += n(t.participants);
  }

  const names = new Map(tracks.map((t) => [t.number, t.name]));
  const rows = [...byTrack.entries()].sort(([a], [b]) => a - b).map(([number, figures]) => ({ number, name: names.get(number) ?? String(number), figures }));
  const total = emptyFigures();
  for (const { figures: f } of rows) {
    for (const key of ["events", "sessionsHeld", "placesOffered", "eventsWithoutLimit", "registeredPersons", "attendances", "attendanceRecorded", "unmetDemand", "mailings", "invited", "answered"] as const) {
      total[key] += f[key];
    }
    for (const k of EVENT_KINDS) total.eventsByKind[k] += f.eventsByKind[k];
    f.sessionsByMonth.forEach((c, m) => (total.sessionsByMonth[m]! += c));
    if (f.budget !== null) total.budget = (total.budget ?? 0) + f.budget;
  }
  // distinct across the live rows; a deleted event's participants were distinct within that event only
  total.participants = n(participantsTotal[0]?.people) + tallied;
  return { year, tracks: rows, total, forum };
}

/**
 * Forum membership from the case history: an organisation's state at a moment is the state its last transition
 * before then led to; an organisation with no recorded transition (made before the history was kept) counts from its
 * approvedAt while it is APPROVED now.
 */
async function forumFigures(months: Date[], now: Date): Promise<ForumFigures> {
  const points = months.map((d) => (d < now ? d : now));
  const start = months[0]!;
  const end = months[MONTHS]!;
  const memberAt = points.map(
    (point, i) => Prisma.sql`SUM(CASE WHEN COALESCE(
        (SELECT h.toState FROM ForumCaseEvent h WHERE h.organisationId = o.id AND h.toState IS NOT NULL AND h.createdAt < ${point}
          ORDER BY h.createdAt DESC, h.id DESC LIMIT 1),
        CASE WHEN NOT EXISTS (SELECT 1 FROM ForumCaseEvent h WHERE h.organisationId = o.id AND h.toState IS NOT NULL)
              AND o.state = 'APPROVED' AND o.approvedAt < ${point} THEN 'APPROVED' END) = 'APPROVED' THEN 1 ELSE 0 END) AS ${Prisma.raw(`m${i}`)}`,
  );
  const [members, changes, fallbackJoined, signatures] = await Promise.all([
    db.$queryRaw<Record<string, bigint | null>[]>`SELECT ${Prisma.join(memberAt, ", ")} FROM Organisation o`,
    db.$queryRaw<{ joined: bigint | null; lapsed: bigint | null; left: bigint | null }[]>`
      SELECT COUNT(DISTINCT CASE WHEN toState = 'APPROVED' AND fromState IN ('PENDING', 'NEEDS_INFO') THEN organisationId END) AS joined,
             COUNT(DISTINCT CASE WHEN toState = 'LAPSED' THEN organisationId END) AS lapsed,
             COUNT(DISTINCT CASE WHEN toState = 'LEFT' THEN organisationId END) AS "left"
        FROM ForumCaseEvent WHERE createdAt >= ${start} AND createdAt < ${end}`,
    db.$queryRaw<{ joined: bigint }[]>`
      SELECT COUNT(*) AS joined FROM Organisation o
       WHERE o.approvedAt >= ${start} AND o.approvedAt < ${end}
         AND NOT EXISTS (SELECT 1 FROM ForumCaseEvent h WHERE h.organisationId = o.id AND h.toState IS NOT NULL)`,
    db.charterSignature.count({ where: { signedAt: { gte: start, lt: end } } }),
  ]);
  const counts = points.map((_, i) => n(members[0]?.[`m${i}`]));
  return {
    membersAtStart: counts[0]!,
    membersAtEnd: counts[MONTHS]!,
    joined: n(changes[0]?.joined) + n(fallbackJoined[0]?.joined),
    lapsed: n(changes[0]?.lapsed),
    left: n(changes[0]?.left),
    signatures,
    membersByMonth: counts.slice(1),
  };
}

/** The exact figures of a year and the year before: for tests and for statusReport, never shown as they are. */
export async function statusFigures(year: number, now = new Date()) {
  const [current, previous] = await Promise.all([yearFigures(year, now), yearFigures(year - 1, now)]);
  return { current, previous };
}
