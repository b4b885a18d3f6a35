import { db } from "~/lib/db.server";
import { setAttendance } from "~/models/participants.server";
import { composeSchema, prepareInvitation } from "~/models/invitation-compose.server";
import { sendInvitation } from "~/models/invitation-sending.server";
import { createEvent, createOrganisation, createRegistration, createUser } from "../support/factories";

/**
 * A year with known counts (2025, with 2024 before it), seen from 15 January 2026. Every figure the status shows is
 * worked out by hand in the comments here and asserted in figures.test.ts; the page, XLSX and PDF tests use it too.
 */
export const FIXTURE_YEAR = 2025;
export const FIXTURE_NOW = new Date("2026-01-15T12:00:00Z");

const at = (iso: string) => new Date(iso);
const twoHours = (iso: string): [Date, Date] => [at(iso), new Date(at(iso).getTime() + 2 * 3600_000)];

export async function seedStatusFixture() {
  const staff = await createUser({ role: "STAFF" });
  const before = at("2025-01-10T09:00:00Z");
  const track1 = await db.track.findUniqueOrThrow({ where: { number: 1 } });
  const track2 = await db.track.findUniqueOrThrow({ where: { number: 2 } });
  const track3 = await db.track.findUniqueOrThrow({ where: { number: 3 } });
  await db.trackBudget.createMany({
    data: [
      { trackId: track1.id, year: 2025, amount: 1_400_000 },
      { trackId: track2.id, year: 2025, amount: 350_000 },
      { trackId: track3.id, year: 2025, amount: 600_000 },
      { trackId: track1.id, year: 2024, amount: 1_000_000 },
    ],
  });

  // Track 1, event A: a parents' course in March, 2 sessions, 6 places. r1 comes with a companion (2 persons), r2–r5
  // alone: 6 persons registered. Then w1 (1) and w2 (2) wait and never get a place: unmet demand 3.
  const a = await createEvent({ track: 1, kind: "COURSE_PARENTS", capacity: 6, sessions: [twoHours("2025-03-04T16:00:00Z"), twoHours("2025-03-11T16:00:00Z")], now: before });
  const r1 = await createRegistration(a.id, { email: "r1@example.dk", companions: ["Ledsager"], now: before });
  const rest = [];
  for (let i = 2; i <= 5; i++) rest.push(await createRegistration(a.id, { email: `r${i}@example.dk`, now: before }));
  await createRegistration(a.id, { email: "w1@example.dk", now: before });
  await createRegistration(a.id, { email: "w2@example.dk", companions: ["Ledsager"], now: before });
  // session 1: all five present (6 persons); session 2: r1 present (2), r2 present (1), r3–r5 absent (3)
  await setAttendance({ actorId: staff.id, eventId: a.id, sessionId: a.sessions[0]!.id, present: new Set([r1.registrationId, ...rest.map((r) => r.registrationId)]) });
  await setAttendance({ actorId: staff.id, eventId: a.id, sessionId: a.sessions[1]!.id, present: new Set([r1.registrationId, rest[0]!.registrationId]) });

  // Track 1, event B: a theme day in June without a limit on places; 3 registered, no attendance taken
  const b = await createEvent({ track: 1, kind: "THEME_DAY", capacity: null, sessions: [twoHours("2025-06-10T08:00:00Z")], now: before });
  for (let i = 0; i < 3; i++) await createRegistration(b.id, { email: `b${i}@example.dk`, now: before });

  // Track 2, event C: a talk in September, 50 places, 20 registered (one of them r1 again, alone), 15 present, 5 absent
  const c = await createEvent({ track: 2, kind: "TALK", capacity: 50, sessions: [twoHours("2025-09-02T15:00:00Z")], now: before });
  const cRegs = [await createRegistration(c.id, { email: "r1@example.dk", now: before })];
  for (let i = 1; i < 20; i++) cRegs.push(await createRegistration(c.id, { email: `c${i}@example.dk`, now: before }));
  await setAttendance({ actorId: staff.id, eventId: c.id, sessionId: c.sessions[0]!.id, present: new Set(cRegs.slice(0, 15).map((r) => r.registrationId)) });
  // an invitation to 7 people for event C, sent in August; 3 answer
  const input = composeSchema.parse({
    subject: "Oplæg",
    message: "Kom og hør.",
    pasted: Array.from({ length: 7 }, (_, i) => `Person ${i};inv${i}@example.dk`).join("\n"),
  });
  const prepared = await prepareInvitation({ actorId: staff.id, eventId: c.id, input, table: null }, at("2025-08-01T09:00:00Z"));
  if (!prepared.ok) throw new Error(prepared.error);
  await sendInvitation({ actorId: staff.id, invitationId: prepared.invitationId }, at("2025-08-01T09:05:00Z"));
  const recipients = await db.invitationRecipient.findMany({ where: { invitationId: prepared.invitationId }, orderBy: { email: "asc" }, take: 3 });
  await db.invitationRecipient.updateMany({ where: { id: { in: recipients.map((r) => r.id) } }, data: { answer: "NO", answeredAt: at("2025-08-02T09:00:00Z") } });
  // neither a draft nor a cancelled event counts
  await createEvent({ track: 2, kind: "TALK", status: "DRAFT", sessions: [twoHours("2025-04-01T15:00:00Z")], now: before });
  await createEvent({ track: 2, kind: "TALK", status: "CANCELLED", sessions: [twoHours("2025-04-02T15:00:00Z")], now: before });

  // Track 3, event D: a course for relatives, 4 places, one session in November 2025 and one in January 2026 (counted
  // in 2026); 4 registered and present at the first, 1 waits in vain
  const d = await createEvent({
    track: 3,
    kind: "COURSE_RELATIVES",
    capacity: 4,
    sessions: [twoHours("2025-11-20T16:00:00Z"), twoHours("2026-01-08T16:00:00Z")],
    now: before,
  });
  const dRegs = [];
  for (let i = 0; i < 4; i++) dRegs.push(await createRegistration(d.id, { email: `d${i}@example.dk`, now: before }));
  await createRegistration(d.id, { email: "dw@example.dk", now: before });
  await setAttendance({ actorId: staff.id, eventId: d.id, sessionId: d.sessions[0]!.id, present: new Set(dRegs.map((r) => r.registrationId)) });

  // Track 3, event E: a forum meeting at 23:30 on New Year's Eve in Copenhagen (22:30 UTC): December 2025, 30 places;
  // and one at 00:30 on 1 January 2026 (23:30 UTC on the 31st): not in 2025
  await createEvent({ track: 3, kind: "FORUM_MEETING", capacity: 30, sessions: [[at("2025-12-31T22:30:00Z"), at("2025-12-31T22:50:00Z")]], now: before });
  await createEvent({ track: 3, kind: "FORUM_MEETING", capacity: 30, sessions: [[at("2025-12-31T23:30:00Z"), at("2026-01-01T00:30:00Z")]], now: before });

  // 2024: one talk on track 1 with 5 registered, all present
  const y = await createEvent({ track: 1, kind: "TALK", capacity: 10, sessions: [twoHours("2024-05-05T10:00:00Z")], now: at("2024-01-10T09:00:00Z") });
  const yRegs = [];
  for (let i = 0; i < 5; i++) yRegs.push(await createRegistration(y.id, { email: `y${i}@example.dk`, now: at("2024-01-10T09:00:00Z") }));
  await setAttendance({ actorId: staff.id, eventId: y.id, sessionId: y.sessions[0]!.id, present: new Set(yRegs.map((r) => r.registrationId)) });

  // The forum: P approved in April 2024; S approved in 2023 before the case history; Q joins in February and lapses in
  // August; R joins in May and leaves on 1 October; T still pending. Members at the end of each month of 2025:
  // 2, 3, 3, 3, 4, 4, 4, 3, 3, 2, 2, 2.
  const history = async (orgId: string, steps: [string, string | null, string][]) => {
    for (const [iso, from, to] of steps) {
      await db.forumCaseEvent.create({
        data: { organisationId: orgId, action: "transition", fromState: from as never, toState: to as never, createdAt: at(iso) },
      });
    }
  };
  const p = await createOrganisation({ state: "APPROVED", name: "P" });
  await history(p.organisation.id, [["2024-03-01T10:00:00Z", null, "PENDING"], ["2024-04-01T10:00:00Z", "PENDING", "APPROVED"]]);
  const s = await createOrganisation({ state: "APPROVED", name: "S" });
  await db.organisation.update({ where: { id: s.organisation.id }, data: { approvedAt: at("2023-01-01T10:00:00Z") } });
  const q = await createOrganisation({ state: "LAPSED", name: "Q" });
  await history(q.organisation.id, [["2025-01-20T10:00:00Z", null, "PENDING"], ["2025-02-10T10:00:00Z", "PENDING", "APPROVED"], ["2025-08-15T10:00:00Z", "APPROVED", "LAPSED"]]);
  const r = await createOrganisation({ state: "LEFT", name: "R" });
  await history(r.organisation.id, [
    ["2025-04-01T10:00:00Z", null, "PENDING"],
    ["2025-04-10T10:00:00Z", "PENDING", "NEEDS_INFO"],
    ["2025-05-05T10:00:00Z", "NEEDS_INFO", "APPROVED"],
    ["2025-10-01T10:00:00Z", "APPROVED", "LEFT"],
  ]);
  await createOrganisation({ state: "PENDING", name: "T", signed: false });
  // charter signatures: P and Q signed in 2025, S in 2024, R and T's made now (outside both years) are moved to 2026
  const signedAt = { [p.organisation.id]: "2025-03-03T10:00:00Z", [q.organisation.id]: "2025-02-09T10:00:00Z", [s.organisation.id]: "2024-06-01T10:00:00Z", [r.organisation.id]: "2026-01-05T10:00:00Z" };
  for (const [organisationId, iso] of Object.entries(signedAt)) await db.charterSignature.updateMany({ where: { organisationId }, data: { signedAt: at(iso) } });

  return { staff };
}
