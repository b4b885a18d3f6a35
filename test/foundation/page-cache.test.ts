import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { cachedPathPatterns, publicDataVersionReader } from "~/lib/page-cache.server";
import { queueEmail } from "~/lib/outbox.server";
import { createEvent, createOrganisation, createRegistration, createUser } from "../support/factories";

/**
 * The page cache keeps an anonymous page only while PublicDataVersion is unchanged; database triggers raise it. Every
 * table must be sorted into one of the two lists below, so a new table cannot be forgotten: a table public pages are
 * made from has the three triggers, every other table has none.
 */
const publicTables = ["CharterSignature", "CharterVersion", "Event", "EventSession", "Organisation", "Registration", "WaitlistOffer"];
const otherTables = [
  "AuditLog",
  "AuthToken",
  "CalendarFeedToken",
  "DataAccessToken",
  "EmailOptOut",
  "EmailOutbox",
  "EventReminder",
  "EventTally",
  "ForumCaseEvent",
  "Invitation",
  "InvitationLink",
  "InvitationRecipient",
  "InvitationLeftOut",
  "ParticipantMessage",
  "OrganisationContact",
  "PublicDataVersion",
  "RateLimitHit",
  "RegistrationAnswer",
  "RegistrationPerson",
  "RegistrationToken",
  "Session",
  "SessionAttendance",
  // the yearly status (issue 10): staff pages only
  "Track",
  "TrackBudget",
  "User",
  // evaluations (no public page reads them)
  "EvaluationAnswer",
  "EvaluationLink",
  "EvaluationReceipt",
  "EvaluationScore",
  "EvaluationStatement",
  "Questionnaire",
  // second factors and sign-in steps (no public page reads them)
  "Passkey",
  "PendingSignIn",
  "RecoveryCode",
  "TotpFactor",
  "WebAuthnChallenge",
];

describe("the public data version", () => {
  it("every table is sorted: the public ones raise the version on insert, update and delete, the others never", async () => {
    const tables = await db.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`;
    expect(tables.map((t) => t.name).sort()).toEqual([...publicTables, ...otherTables].sort());
    const triggers = await db.$queryRaw<{ name: string; tbl_name: string; sql: string }[]>`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`;
    for (const table of publicTables) {
      const own = triggers.filter((t) => t.tbl_name === table);
      expect(own.map((t) => /AFTER (INSERT|UPDATE|DELETE)/.exec(t.sql)?.[1]).sort(), table).toEqual(["DELETE", "INSERT", "UPDATE"]);
      for (const t of own) expect(t.sql).toContain(`UPDATE "PublicDataVersion" SET "version" = "version" + 1`);
    }
    expect(triggers.filter((t) => !publicTables.includes(t.tbl_name)).map((t) => t.name)).toEqual([]);
  });

  it("a read-only connection of its own sees every change to public data at once, and nothing else moves it", async () => {
    const version = publicDataVersionReader();
    const changes: [string, () => Promise<unknown>][] = [
      ["an event", () => createEvent()],
      ["an organisation", () => createOrganisation({ state: "APPROVED", publicListing: true })],
    ];
    const event = await createEvent({ capacity: 10 });
    changes.push(["a registration", () => createRegistration(event.id)]);
    changes.push(["an event deleted", () => db.event.delete({ where: { id: event.id } })]);
    for (const [what, change] of changes) {
      const before = version()!;
      await change();
      expect(version(), what).toBeGreaterThan(before);
    }
    const before = version()!;
    await createUser();
    await queueEmail(db, { kind: "test", dedupeKey: `page-cache-${Date.now()}`, to: "a@example.dk", subject: "s", html: "<p>h</p>", text: "t" });
    await db.rateLimitHit.create({ data: { bucket: "test" } });
    expect(version()).toBe(before);

    // without its row nothing can be known to be current: the reader says so, and the cache then keeps nothing
    await db.publicDataVersion.deleteMany();
    expect(version()).toBeNull();
    await createEvent();
    expect(version()).toBeNull();
  });
});

describe("the addresses the cache may keep", () => {
  // the shape of a Remix build's route table, for the routes the cache names and a few around them
  const route = (id: string, path: string | undefined, parentId: string | null = "root", index = false) => ({ id, path, parentId: parentId ?? undefined, index });
  const routes = {
    root: route("root", "", null),
    "routes/_index": route("routes/_index", undefined, "root", true),
    "routes/events._index": route("routes/events._index", "events", "root", true),
    "routes/events.$eventId": route("routes/events.$eventId", "events/:eventId"),
    "routes/events.$eventId_.calendar[.]ics": route("routes/events.$eventId_.calendar[.]ics", "events/:eventId/calendar.ics"),
    "routes/calendar[.]ics": route("routes/calendar[.]ics", "calendar.ics"),
    "routes/forum._index": route("routes/forum._index", "forum", "root", true),
    "routes/forum.charter": route("routes/forum.charter", "forum/charter"),
    "routes/forum.members": route("routes/forum.members", "forum/members"),
    "routes/privacy": route("routes/privacy", "privacy"),
    "routes/accessibility": route("routes/accessibility", "accessibility"),
    "routes/was": route("routes/was", "was"),
    "routes/contact": route("routes/contact", "contact"),
    "routes/registrations.$token": route("routes/registrations.$token", "registrations/:token"),
    "routes/$": route("routes/$", "*"),
  };
  const build = { routes } as unknown as Parameters<typeof cachedPathPatterns>[0];

  it("match the cached routes' addresses like Remix does, and no other", () => {
    const patterns = cachedPathPatterns(build);
    const kept = (p: string) => patterns.some((re) => re.test(p));
    for (const p of ["/", "/events", "/events/", "/EVENTS", "/events/kursus-1", "/events/kursus-1/calendar.ics", "/calendar.ics", "/forum/members"]) {
      expect(kept(p), p).toBe(true);
    }
    for (const p of ["/registrations/abc", "/events/a/b", "/events.data", "/calendarxics", "/staff/events", "/forum/apply", "/login"]) {
      expect(kept(p), p).toBe(false);
    }
  });

  it("refuse to start when another route would answer at an address the cache keeps", () => {
    const clash = { routes: { ...routes, "routes/events.new": route("routes/events.new", "events/new") } } as unknown as typeof build;
    expect(() => cachedPathPatterns(clash)).toThrow(/routes\/events\.new/);
  });
});
