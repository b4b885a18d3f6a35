import { DateTime } from "luxon";
import { Prisma, type Event } from "~/generated/prisma/client";
import { publicEventCalendar, publicFeed } from "~/lib/calendar.server";
import { db, readRows } from "~/lib/db.server";
import { timeZone } from "~/lib/i18n";
import { isStaffRole } from "~/lib/roles";
import { paths } from "~/lib/urls";
import { AUDIENCES, availability, calendarInput, COURSE_KINDS, EVENT_KINDS, eventState, languagesOf, placesLeft, questionsOf, registrationWindow } from "./event-options";
import { getActiveMembership } from "./membership.server";

/**
 * What the public and members see of events: the list on /events, one event's page at its one public address, its
 * calendar file and the public feed, and the forum events on /member. Drafts, and events for members or by invitation,
 * only to those who may see them; never an online link (participants get it by mail). Staff's side is in
 * ./events.server.ts.
 */

/**
 * Where a request for `/events/<requested>` (id, slug or short id) must go instead, or null to show it there. A
 * discreet event is shown only at its short id: its slug (an old link, a bookmark) or id leads there, so no word of
 * its topic stays in the address bar or the history. Any other event is shown at whichever it was asked by.
 */
export function eventRedirect(requested: string, event: { slug: string; shortId: string; discreet: boolean }): string | null {
  return event.discreet && requested !== event.shortId ? paths.publicEvent(event) : null;
}

type PublicFilter = { kind?: string; audience?: string; month?: string; courses?: boolean; page?: number };
/** Events per page on /events; the list asks for one more to know whether there is a next page. */
export const PUBLIC_PAGE_SIZE = 20;

/** What a line of the list shows of an event: no online link (only whether there is one), no questions. */
type ListedRow = Pick<
  Event,
  | "id" | "slug" | "shortId" | "discreet" | "kind" | "title" | "summary" | "placeAddress" | "placeRoom" | "firstStartsAt"
  | "lastEndsAt" | "capacity" | "registeredPersons" | "heldPersons" | "waitingCount" | "waitlistEnabled"
> & { online: boolean; sessionCount: number };

/**
 * Upcoming published public events, soonest first, with their fill and session count: one SQL statement. The page
 * every visitor opens, and the page cache does not serve the signed in: through Prisma's query API this list cost
 * some 2.5 ms of CPU per view, as one `$queryRaw` 0.5 ms, as a prepared statement (`readRows`) ~0.1 ms
 * (docs/decisions/0030-frame-cost.md).
 */
export async function listPublicEvents(filter: PublicFilter = {}, now = new Date()) {
  const where = [Prisma.sql`e."status" = ${"PUBLISHED"}`, Prisma.sql`e."visibility" = ${"PUBLIC"}`, Prisma.sql`e."lastEndsAt" > ${now}`];
  if (filter.courses) where.push(Prisma.sql`e."kind" IN (${Prisma.join([...COURSE_KINDS])})`);
  else if (filter.kind && (EVENT_KINDS as readonly string[]).includes(filter.kind)) where.push(Prisma.sql`e."kind" = ${filter.kind}`);
  if (filter.audience && (AUDIENCES as readonly string[]).includes(filter.audience)) where.push(Prisma.sql`e."audience" = ${filter.audience}`);
  const month = filter.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(filter.month) ? filter.month : undefined;
  if (month) {
    const start = DateTime.fromISO(`${month}-01T00:00`, { zone: timeZone });
    where.push(Prisma.sql`e."firstStartsAt" >= ${start.toJSDate()} AND e."firstStartsAt" < ${start.plus({ months: 1 }).toJSDate()}`);
  }
  const page = Math.max(1, Math.min(100, Math.floor(filter.page ?? 1)));
  const rows = readRows<ListedRow>(
    Prisma.sql`
    SELECT e."id", e."slug", e."shortId", e."discreet", e."kind", e."title", e."summary", e."placeAddress", e."placeRoom",
      e."onlineUrl" IS NOT NULL AS "online", e."firstStartsAt", e."lastEndsAt", e."capacity", e."registeredPersons",
      e."heldPersons", e."waitingCount", e."waitlistEnabled",
      (SELECT COUNT(*) FROM "EventSession" s WHERE s."eventId" = e."id") AS "sessionCount"
    FROM "Event" e
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY e."firstStartsAt" ASC, e."id" ASC
    LIMIT ${PUBLIC_PAGE_SIZE + 1} OFFSET ${(page - 1) * PUBLIC_PAGE_SIZE}`,
    { firstStartsAt: "date", lastEndsAt: "date", discreet: "boolean", waitlistEnabled: "boolean", online: "boolean" },
  );
  // What a line shows, nothing more: the page carries its data to the browser, and a discreet event's slug (words of
  // its topic) and its fill figures are no business of the page. A one-session event's time is firstStartsAt–lastEndsAt.
  return rows.map((e) => ({
    id: e.id,
    path: paths.publicEvent(e),
    kind: e.kind,
    title: e.title,
    summary: e.summary,
    placeRoom: e.placeRoom,
    placeAddress: e.placeAddress,
    online: e.online,
    firstStartsAt: e.firstStartsAt,
    lastEndsAt: e.lastEndsAt,
    sessionCount: e.sessionCount,
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

type Viewer = { userId: string; role: string } | null;

/** May this viewer see the event's page? Drafts and invitation-only events: staff only; member events: members and staff. */
async function mayView(event: Pick<Event, "status" | "visibility">, viewer: Viewer): Promise<{ ok: boolean; member: Awaited<ReturnType<typeof getActiveMembership>> }> {
  const staff = isStaffRole(viewer?.role);
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
