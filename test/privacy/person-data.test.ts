import { beforeEach, describe, expect, it } from "vitest";
import { audit } from "~/lib/audit.server";
import { hashToken } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { queueEmail } from "~/lib/outbox.server";
import { hit } from "~/lib/rate-limit.server";
import { issueToken } from "~/lib/tokens.server";
import { renewFeedToken } from "~/models/feeds.server";
import { optOut } from "~/models/optouts.server";
import { cancelOwnRegistration, DATA_ACCESS_MS, eraseOwnRegistrations, openDataAccess, requestDataAccess } from "~/models/data-access.server";
import { erasePerson, erasureReport } from "~/models/erasure.server";
import { collectPersonData, ownPersonData, personRef } from "~/models/person-data.server";
import { personCsv, personJson } from "~/models/person-export.server";
import { keptOnErasure } from "~/models/retention.server";
import { cancelRegistration } from "~/models/registrations.server";
import { createEvent, createOrganisation, createRegistration, createUser } from "../support/factories";

/**
 * Two people whose data overlaps (the same course, the same invitation, mail that names the other): the export of one
 * holds exactly that person's rows, and erasing one leaves no row in any table with the address, keeps only the
 * documented records, and audits under a reference that names no one.
 */
const ANNA = "anna.berg@example.dk";
const ANNA_NAME = "Anna Zephyrine Berg";
const BO = "bo.dahl@example.dk";
const BO_NAME = "Bo Quillon Dahl";

type Seeded = Awaited<ReturnType<typeof seed>>;

async function seed() {
  const staff = await createUser({ role: "STAFF" });
  // Anna is a forum contact person (an account, a charter signature) and a relative on courses
  const { user: anna, organisation } = await createOrganisation({ email: ANNA, contactName: ANNA_NAME, name: "Forening for Fællesskab" });
  const course = await createEvent({ capacity: 10, questions: ["relation", "comment"] });
  const annaOnCourse = await createRegistration(course.id, { name: ANNA_NAME, email: ANNA, companions: ["Jens Berg"], phone: "+45 11 22 33 44", answers: { relation: "parent", comment: "Min søn" } });
  const boOnCourse = await createRegistration(course.id, { name: BO_NAME, email: BO, answers: { comment: `Jeg kender ${ANNA}` } });
  await db.sessionAttendance.create({ data: { sessionId: course.sessions[0]!.id, registrationId: annaOnCourse.registrationId, present: true } });
  // a full course: Bo has the place, Anna waits; Bo cancels and Anna is offered it
  const small = await createEvent({ capacity: 1 });
  const boSmall = await createRegistration(small.id, { name: BO_NAME, email: BO });
  await createRegistration(small.id, { name: ANNA_NAME, email: ANNA });
  await cancelRegistration(boSmall.token);
  // a course where Anna has the place and someone else waits: erasing her gives the place on
  const tiny = await createEvent({ capacity: 1 });
  await createRegistration(tiny.id, { name: ANNA_NAME, email: ANNA });
  const waiting = await createRegistration(tiny.id, { name: "Carl Venter", email: "carl.venter@example.dk" });
  // both invited by the same mailing
  const invitation = await db.invitation.create({ data: { eventId: course.id, subject: "Temaaften", message: "Velkommen", audience: "{}", sentAt: new Date() } });
  for (const [email, name] of [[ANNA, ANNA_NAME], [BO, BO_NAME]] as const) {
    const r = await db.invitationRecipient.create({ data: { invitationId: invitation.id, email, name, answer: "YES", answeredAt: new Date() } });
    await db.invitationLink.create({ data: { recipientId: r.id, tokenHash: hashToken(`link-${email}-0123456789abcdef`) } });
  }
  // a draft invitation that left Anna out (already registered) and Bo too
  const draft = await db.invitation.create({ data: { eventId: course.id, subject: "Kladde", message: "Velkommen", audience: "{}" } });
  for (const [email, name] of [[ANNA, ANNA_NAME], [BO, BO_NAME]] as const) {
    await db.invitationLeftOut.create({ data: { invitationId: draft.id, reason: "registered", source: "pasted", name, email } });
  }
  await optOut(ANNA);
  // the account's sessions, links and feed
  await db.session.create({ data: { id: hashToken(`session-${ANNA}`), userId: anna.id, expiresAt: new Date(Date.now() + 3600_000) } });
  await issueToken(db, anna.id, "PASSWORD_RESET");
  await renewFeedToken(anna.id);
  // traces that name the address: rate limits, a data-access request, audit and forum history, mail to someone else
  await hit(`login:pair:${ANNA}:10.0.0.7`);
  await hit(`login:pair:${BO}:10.0.0.8`);
  await requestDataAccess(ANNA, "da", "10.0.0.7");
  await requestDataAccess(BO, "da", "10.0.0.8");
  await audit(db, { actorId: staff.id, action: "test.note", entityType: "User", entityId: anna.id, details: { about: ANNA.toUpperCase() } });
  await db.forumCaseEvent.create({ data: { organisationId: organisation.id, action: "note", message: `Skriv til ${ANNA} om vedtægterne` } });
  await queueEmail(db, { kind: "note", dedupeKey: "note-to-bo", to: BO, subject: "Hej", html: `<p>Anna: ${ANNA}</p>`, text: `Anna: ${ANNA}` });
  return { staff, anna, organisation, course, small, tiny, waiting, annaOnCourse, boOnCourse };
}

/** Every row of every table, through SQLite's own catalogue: [table, column] pairs whose text holds `needle`. */
async function rowsContaining(needle: string) {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
  );
  expect(tables.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const { name } of tables) {
    const columns = await db.$queryRawUnsafe<{ name: string; type: string }[]>(`PRAGMA table_info("${name}")`);
    for (const column of columns.filter((c) => /TEXT|CHAR|CLOB|^$/i.test(c.type))) {
      const [row] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*) AS n FROM "${name}" WHERE lower("${column.name}") LIKE '%' || lower(?) || '%'`, needle);
      if (Number(row!.n) > 0) found.push(`${name}.${column.name}`);
    }
  }
  return found.sort();
}

let s: Seeded;
beforeEach(async () => {
  s = await seed();
});

describe("the export of one person", () => {
  it("holds every row of that person and none of the other's", async () => {
    const { data, nothingHeld } = await collectPersonData("  Anna.Berg@Example.DK ");
    expect(nothingHeld).toBe(false);
    expect(data.email).toBe(ANNA);
    expect(data.registrations).toHaveLength(3);
    expect(data.registrations.every((r) => r.email === ANNA)).toBe(true);
    const onCourse = data.registrations.find((r) => r.id === s.annaOnCourse.registrationId)!;
    expect(onCourse).toMatchObject({ status: "REGISTERED", people: [ANNA_NAME, "Jens Berg"], phone: "+45 11 22 33 44", canCancel: true });
    expect(onCourse.answers).toEqual([{ question: "comment", value: "Min søn" }, { question: "relation", value: "parent" }]);
    expect(onCourse.attendance).toEqual([{ session: s.course.sessions[0]!.startsAt.toISOString(), present: true }]);
    expect(data.registrations.find((r) => r.event.title === s.small.title)!.waitlistOffers).toEqual([expect.objectContaining({ status: "OPEN" })]);
    expect(data.invitations).toEqual([expect.objectContaining({ email: ANNA, answer: "YES", subject: "Temaaften" })]);
    expect(data.optOut).not.toBeNull();
    expect(data.account).toMatchObject({ email: ANNA, name: ANNA_NAME, role: "MEMBER", organisationContact: { organisation: "Forening for Fællesskab" } });
    expect(data.account!.calendarFeed).not.toBeNull();
    expect(data.charterSignatures).toEqual([expect.objectContaining({ organisation: "Forening for Fællesskab", signerName: ANNA_NAME })]);
    const mailKinds = data.mail.map((m) => m.kind).sort();
    expect(mailKinds).toEqual(expect.arrayContaining(["my-data-link", "registration-confirmation", "registration-offer"]));
    expect(mailKinds).not.toContain("note"); // the mail to Bo that names her is Bo's
    expect(data.dataAccessLinks).toHaveLength(1);
    expect(data.rateLimitRecords.map((r) => r.bucket).sort()).toEqual([`login:pair:${ANNA}:10.0.0.7`, `my-data:to:${ANNA}`]);
    expect(data.mentions).toEqual({ auditLog: 1, forumHistory: 1, mailToOthers: 1, otherText: 1 });

    for (const file of [personJson(data), personCsv(data)]) {
      expect(file).toContain(ANNA);
      expect(file).toContain("Jens Berg");
      expect(file).not.toContain(BO);
      expect(file).not.toContain(BO_NAME);
      expect(file).not.toContain("Carl Venter");
      expect(file).not.toContain("10.0.0.8");
    }
    expect(JSON.parse(personJson(data))).toEqual(data);
    // the person's own view is the same collection, without the staff's scan for mentions elsewhere
    const own = await ownPersonData(ANNA);
    expect({ ...own.data, collectedAt: "", mentions: data.mentions }).toEqual({ ...data, collectedAt: "" });
    expect(own.data.mentions).toBeNull();
  });

  it("the other person's export holds none of hers, though his comment and his mail name her address", async () => {
    const { data } = await collectPersonData(BO);
    expect(data.registrations.map((r) => r.email)).toEqual([BO, BO]);
    const file = personJson(data);
    expect(file).not.toContain(ANNA_NAME);
    expect(file).not.toContain("Jens Berg");
    expect(data.invitations).toHaveLength(1);
    expect(data.account).toBeNull();
  });

  it("CSV: one field per row, Excel-safe: a comment that looks like a formula is neutralised on every line", async () => {
    const csv = personCsv((await collectPersonData(BO)).data);
    expect(csv.startsWith("\uFEFFsection;record;field;value\r\n")).toBe(true);
    expect(csv).toContain("registrations;1;status;REGISTERED");
  });
});

describe("the link by mail", () => {
  it("is mailed whether or not anything is held, and opens for 24 hours only", async () => {
    const now = new Date();
    const stranger = "ukendt.person@example.dk";
    expect(await requestDataAccess(stranger, "en", "10.1.1.1", now)).toEqual({ ok: true });
    const mail = await db.emailOutbox.findFirstOrThrow({ where: { toAddress: stranger } });
    expect(mail.subject).toBe("Link to your information");
    const token = /\/privacy\/my-data\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect(await db.dataAccessToken.count({ where: { tokenHash: token } })).toBe(0); // only the hash is stored
    expect(await openDataAccess(token, now)).toMatchObject({ email: stranger });
    expect(await openDataAccess(token, new Date(now.getTime() + DATA_ACCESS_MS))).toBe("expired");
    expect(await openDataAccess(`${token.slice(0, -4)}AAAA`, now)).toBeNull();
    const found = await collectPersonData(stranger, now);
    expect(found.nothingHeld).toBe(true);
  });

  it("is limited per recipient and per sender network", async () => {
    const now = new Date();
    for (let i = 0; i < 5; i++) expect((await requestDataAccess("grænse@example.dk", "da", `10.2.0.${i}`, now)).ok).toBe(true);
    const refused = await requestDataAccess("grænse@example.dk", "da", "10.2.0.99", now);
    expect(refused).toMatchObject({ ok: false, retryAfterS: 600 });
    for (let i = 0; i < 30; i++) await requestDataAccess(`net-${i}@example.dk`, "da", "10.3.0.1", now);
    expect((await requestDataAccess("net-new@example.dk", "da", "10.3.0.1", now)).ok).toBe(false);
  });
});

describe("the person's own changes", () => {
  it("cancels only their own registration, through the cancel model", async () => {
    const other = await createEvent({ capacity: 1 });
    const mine = await createRegistration(other.id, { email: "egen@example.dk" });
    const next = await createRegistration(other.id, { email: "naeste@example.dk" });
    expect(await cancelOwnRegistration({ email: "someone.else@example.dk", registrationId: mine.registrationId })).toBe(false);
    expect(await cancelOwnRegistration({ email: "EGEN@example.dk", registrationId: mine.registrationId })).toBe(true);
    expect((await db.registration.findUniqueOrThrow({ where: { id: mine.registrationId } })).status).toBe("CANCELLED");
    // the waitlist moved on and the person was told
    expect(await db.waitlistOffer.count({ where: { registrationId: next.registrationId, status: "OPEN" } })).toBe(1);
    expect(await db.emailOutbox.count({ where: { toAddress: "egen@example.dk", kind: "registration-cancelled" } })).toBe(1);
  });

  it("erases their registrations and the mail about them, and no one else's", async () => {
    const ev = await createEvent({ capacity: 1 });
    await createRegistration(ev.id, { email: "slet.mig@example.dk" });
    const next = await createRegistration(ev.id, { email: "vent@example.dk" });
    await requestDataAccess("slet.mig@example.dk", "da", "10.4.0.1");
    expect(await eraseOwnRegistrations("slet.mig@example.dk")).toBe(1);
    expect(await db.registration.count({ where: { email: "slet.mig@example.dk" } })).toBe(0);
    expect(await db.emailOutbox.count({ where: { toAddress: "slet.mig@example.dk", kind: { startsWith: "registration-" } } })).toBe(0);
    // the link that brought them stays usable until it runs out
    expect(await db.emailOutbox.count({ where: { toAddress: "slet.mig@example.dk", kind: "my-data-link" } })).toBe(1);
    expect(await db.registration.count({ where: { id: next.registrationId } })).toBe(1);
    expect(await db.waitlistOffer.count({ where: { registrationId: next.registrationId, status: "OPEN" } })).toBe(1);
  });
});

describe("staff erase one person everywhere", () => {
  it("refuses a staff account", async () => {
    expect(await erasePerson({ actorId: s.staff.id, email: s.staff.email })).toEqual({ ok: false, reason: "staff" });
    expect(await db.user.count({ where: { id: s.staff.id } })).toBe(1);
  });

  it("leaves no row in any table with the address, keeps exactly the documented records, and audits without naming her", async () => {
    const boBefore = await collectPersonData(BO);
    expect(await rowsContaining(ANNA)).not.toEqual([]);
    const result = await erasePerson({ actorId: s.staff.id, email: "Anna.Berg@example.dk" });
    expect(result.ok).toBe(true);

    expect(await rowsContaining(ANNA), "rows that still hold the address").toEqual([]);
    // her name remains only in what is kept: the organisation's charter signature, no longer linked to an account
    expect(await rowsContaining(ANNA_NAME)).toEqual(["CharterSignature.signerName"]);
    expect(await db.charterSignature.findMany({ where: { organisationId: s.organisation.id }, select: { userId: true } })).toEqual([{ userId: null }]);
    expect(await db.emailOptOut.count()).toBe(1);
    expect(keptOnErasure.map((k) => k.table).sort()).toEqual(["CharterSignature", "EmailOptOut"]);
    expect(await db.user.count({ where: { id: s.anna.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: s.anna.id } })).toBe(0);
    expect(await db.calendarFeedToken.count({ where: { userId: s.anna.id } })).toBe(0);
    expect(await db.organisation.count({ where: { id: s.organisation.id } })).toBe(1);

    // the place she held went to the waitlist
    expect(await db.waitlistOffer.count({ where: { registrationId: s.waiting.registrationId, status: "OPEN" } })).toBe(1);
    // Bo's data is as it was, with her address taken out of the mail to him
    const boAfter = await collectPersonData(BO);
    const comment = (d: typeof boBefore) => d.data.registrations.flatMap((r) => r.answers.map((a) => a.value));
    expect(comment(boBefore)).toEqual([`Jeg kender ${ANNA}`]);
    expect(comment(boAfter)).toEqual(["Jeg kender [slettet]"]);
    expect(boAfter.data.registrations.map((r) => [r.id, r.status])).toEqual(boBefore.data.registrations.map((r) => [r.id, r.status]));
    expect(boAfter.data.invitations).toEqual(boBefore.data.invitations);
    expect((await db.emailOutbox.findUniqueOrThrow({ where: { dedupeKey: "note-to-bo" } })).text).toBe("Anna: [slettet]");

    // the audit entry: a pseudonymous reference and counts, no address, no name
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "person.erase" } });
    expect(entry).toMatchObject({ actorId: s.staff.id, entityType: "Person", entityId: personRef(ANNA) });
    expect(personRef(ANNA)).toMatch(/^[0-9a-f]{16}$/);
    const text = JSON.stringify(entry).toLowerCase();
    for (const word of [ANNA, "anna", "berg", "zephyrine", "example.dk"]) expect(text).not.toContain(word);
    const report = await erasureReport(entry.id);
    expect(report!.erased).toMatchObject({ Registration: 3, RegistrationPerson: 4, InvitationRecipient: 1, InvitationLeftOut: 1, User: 1, OrganisationContact: 1, Session: 1, AuthToken: 1, CalendarFeedToken: 1, DataAccessToken: 1, RateLimitHit: 2, AuditLog: 1, ForumCaseEvent: 1, EmailOutboxToOthers: 1, OtherText: 1 });
    expect(report!.kept).toEqual({ CharterSignature: 1, EmailOptOut: 1 });

    // nothing left to find, and nothing to erase a second time
    const after = await collectPersonData(ANNA);
    expect(Object.values(after.counts).every((n) => n === 0)).toBe(true);
    expect(after.kept).toEqual({ CharterSignature: 0, EmailOptOut: 1 });
    expect(await erasePerson({ actorId: s.staff.id, email: ANNA })).toEqual({ ok: false, reason: "nothing" });
  });
});
