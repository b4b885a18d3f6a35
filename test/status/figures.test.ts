import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { deleteOldInvitations } from "~/models/invitation-retention.server";
import { deleteOldRegistrations } from "~/models/registration-retention.server";
import { statusFigures } from "~/models/status-figures.server";
import { statusReport } from "~/models/status.server";
import { peopleCell, suppressBreakdown } from "~/models/small-numbers";
import { FIXTURE_NOW, FIXTURE_YEAR, seedStatusFixture } from "./fixture";

const kinds = (set: Record<string, number>) => Object.fromEntries(Object.entries(set).filter(([, v]) => v > 0));

describe("the yearly status on a year with known counts", () => {
  let figures: Awaited<ReturnType<typeof statusFigures>>;
  beforeEach(async () => {
    await seedStatusFixture();
    figures = await statusFigures(FIXTURE_YEAR, FIXTURE_NOW);
  });

  it("counts events, sessions and places per track and in total", () => {
    const [t1, t2, t3] = figures.current.tracks.map((t) => t.figures);
    expect(figures.current.tracks.map((t) => [t.number, t.name])).toEqual([
      [1, "Håndtering af bekymringer"],
      [2, "Rådgivning og opkvalificering af fagpersoner og civilsamfund"],
      [3, "Forebyggende arbejde"],
    ]);
    expect([t1!.events, t2!.events, t3!.events, figures.current.total.events]).toEqual([2, 1, 2, 5]);
    expect(kinds(t1!.eventsByKind)).toEqual({ COURSE_PARENTS: 1, THEME_DAY: 1 });
    expect(kinds(t2!.eventsByKind)).toEqual({ TALK: 1 });
    expect(kinds(t3!.eventsByKind)).toEqual({ COURSE_RELATIVES: 1, FORUM_MEETING: 1 });
    expect(kinds(figures.current.total.eventsByKind)).toEqual({ COURSE_PARENTS: 1, THEME_DAY: 1, TALK: 1, COURSE_RELATIVES: 1, FORUM_MEETING: 1 });
    expect([t1!.sessionsHeld, t2!.sessionsHeld, t3!.sessionsHeld, figures.current.total.sessionsHeld]).toEqual([3, 1, 2, 6]);
    expect([t1!.placesOffered, t2!.placesOffered, t3!.placesOffered, figures.current.total.placesOffered]).toEqual([6, 50, 34, 90]);
    expect([t1!.eventsWithoutLimit, t2!.eventsWithoutLimit, t3!.eventsWithoutLimit, figures.current.total.eventsWithoutLimit]).toEqual([1, 0, 0, 1]);
    // month by month, in Copenhagen time: the New Year's Eve meeting at 23:30 is December's
    expect(t1!.sessionsByMonth).toEqual([0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(t2!.sessionsByMonth).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(t3!.sessionsByMonth).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(figures.current.total.sessionsByMonth).toEqual([0, 0, 2, 0, 0, 1, 0, 0, 1, 0, 1, 1]);
  });

  it("counts people: registered, attendance, distinct participants and unmet demand", () => {
    const [t1, t2, t3] = figures.current.tracks.map((t) => t.figures);
    const total = figures.current.total;
    expect([t1!.registeredPersons, t2!.registeredPersons, t3!.registeredPersons, total.registeredPersons]).toEqual([9, 20, 4, 33]);
    expect([t1!.unmetDemand, t2!.unmetDemand, t3!.unmetDemand, total.unmetDemand]).toEqual([3, 0, 1, 4]);
    expect([t1!.attendances, t2!.attendances, t3!.attendances, total.attendances]).toEqual([9, 15, 4, 28]);
    expect([t1!.attendanceRecorded, t2!.attendanceRecorded, t3!.attendanceRecorded, total.attendanceRecorded]).toEqual([12, 20, 4, 36]);
    // r1 (with a companion) on track 1 and alone on track 2 counts once in the total, as 2
    expect([t1!.participants, t2!.participants, t3!.participants, total.participants]).toEqual([6, 15, 4, 24]);
  });

  it("counts invitations sent and answered, and puts the budget beside the activity", () => {
    const [t1, t2, t3] = figures.current.tracks.map((t) => t.figures);
    expect([t1!.mailings, t2!.mailings, t3!.mailings]).toEqual([0, 1, 0]);
    expect([t2!.invited, t2!.answered, figures.current.total.invited, figures.current.total.answered]).toEqual([7, 3, 7, 3]);
    expect([t1!.budget, t2!.budget, t3!.budget, figures.current.total.budget]).toEqual([1_400_000, 350_000, 600_000, 2_350_000]);
  });

  it("follows the forum's membership through the year from the case history", () => {
    expect(figures.current.forum).toEqual({
      membersAtStart: 2,
      membersAtEnd: 2,
      joined: 2,
      lapsed: 1,
      left: 1,
      signatures: 2,
      membersByMonth: [2, 3, 3, 3, 4, 4, 4, 3, 3, 2, 2, 2],
    });
  });

  it("gives the year before beside it", () => {
    const prev = figures.previous;
    expect(prev.year).toBe(2024);
    expect(prev.tracks.map((t) => [t.figures.events, t.figures.sessionsHeld, t.figures.registeredPersons, t.figures.attendances, t.figures.participants])).toEqual([
      [1, 1, 5, 5, 5],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect([prev.tracks[0]!.figures.budget, prev.total.budget]).toEqual([1_000_000, 1_000_000]);
    // P joined in April 2024; S counts from its approval in 2023
    expect(prev.forum).toMatchObject({ membersAtStart: 1, membersAtEnd: 2, joined: 1, lapsed: 0, left: 0, signatures: 1 });
  });

  it("suppresses small counts of people, and a total that would give one away, in the report that leaves the server", async () => {
    const report = await statusReport(FIXTURE_YEAR, FIXTURE_NOW);
    const cells = (key: "registeredPersons" | "attendances" | "participants" | "unmetDemand" | "invited" | "answered") => [
      ...report.current.tracks.map((t) => t.column.people[key]),
      report.current.total.people[key],
    ];
    const v = (value: number) => ({ kind: "value", value });
    const small = { kind: "small" };
    const withheld = { kind: "withheld" };
    // 9, 20, 4 → the 4 is hidden and so is the total 33, which would give it away
    expect(cells("registeredPersons")).toEqual([v(9), v(20), small, withheld]);
    expect(cells("attendances")).toEqual([v(9), v(15), small, withheld]);
    expect(cells("participants")).toEqual([v(6), v(15), small, withheld]);
    expect(cells("unmetDemand")).toEqual([small, v(0), small, small]);
    expect(cells("invited")).toEqual([v(0), v(7), v(0), v(7)]);
    expect(cells("answered")).toEqual([v(0), small, v(0), small]);
    const [t1, t2, t3] = report.current.tracks.map((t) => t.column);
    // a rate shows only where neither present nor absent persons are a small number: track 1 had 3 absent
    expect([t1!.attendanceRate, t2!.attendanceRate, t3!.attendanceRate, report.current.total.attendanceRate]).toEqual(["hidden", 0.75, "hidden", "hidden"]);
    expect([t1!.perSession, t2!.perSession, t3!.perSession]).toEqual([466_667, 350_000, 300_000]);
    // kroner per participant would give the hidden number away (budget ÷ it): not shown
    expect([t1!.perParticipant, t2!.perParticipant, t3!.perParticipant, report.current.total.perParticipant]).toEqual([233_333, 23_333, null, null]);
    expect(report.previous.tracks[0]!.column.people.participants).toEqual(v(5));
    expect(report.previous.tracks[0]!.column.attendanceRate).toBe(1);
    // no attendance taken at all: no rate, which is not the same as a hidden one
    expect(report.previous.tracks[1]!.column.attendanceRate).toBeNull();
    // the hidden figures are nowhere in what leaves the server
    const json = JSON.stringify(report.current.tracks[2]!.column.people);
    expect(json).not.toMatch(/"value":[1-4]\b/);
  });
});

describe("a year whose registrations and invitations were deleted (90 days after each event)", () => {
  it("counts the same from the numbers the deletion kept, and nothing personal is left", async () => {
    await seedStatusFixture();
    const before = await statusFigures(FIXTURE_YEAR, FIXTURE_NOW);
    const later = new Date("2026-06-01T12:00:00Z");
    expect(await deleteOldRegistrations(later)).toBe(40); // 7 + 3 + 20 + 5 in 2025, 5 in 2024
    expect(await deleteOldInvitations(later)).toBe(1);
    expect([await db.registration.count(), await db.sessionAttendance.count(), await db.invitationRecipient.count()]).toEqual([0, 0, 0]);
    const tally = await db.eventTally.findMany();
    expect(Object.keys(tally[0]!).sort()).toEqual(["answered", "attendanceRecorded", "attendances", "eventId", "invited", "mailings", "participants", "registeredPersons", "unmetDemand", "updatedAt"]);

    const after = await statusFigures(FIXTURE_YEAR, FIXTURE_NOW);
    const people = (f: typeof before.current) =>
      [...f.tracks.map((t) => t.figures), f.total].map(({ registeredPersons, unmetDemand, attendances, attendanceRecorded, participants, mailings, invited, answered }) => ({
        registeredPersons,
        unmetDemand,
        attendances,
        attendanceRecorded,
        participants,
        mailings,
        invited,
        answered,
      }));
    const expected = people(before.current);
    // r1 came to an event on track 1 and one on track 2: once the addresses are gone, the total counts them per event
    expected[3]!.participants += 1;
    expect(people(after.current)).toEqual(expected);
    expect(people(after.previous)).toEqual(people(before.previous));
    expect(after.current.total.sessionsByMonth).toEqual(before.current.total.sessionsByMonth);
  });
});

describe("the small-number rule", () => {
  it("shows 0 and 5 or more, hides 1–4", () => {
    expect([0, 1, 4, 5, 12].map((n) => peopleCell(n).kind)).toEqual(["value", "small", "small", "value", "value"]);
  });
  it("withholds a total that would give a hidden part away, and only then", () => {
    const kindsOf = (r: ReturnType<typeof suppressBreakdown>) => [...r.parts, r.total].map((c) => c.kind);
    expect(kindsOf(suppressBreakdown([10, 20, 30], 60))).toEqual(["value", "value", "value", "value"]);
    expect(kindsOf(suppressBreakdown([10, 3, 30], 43))).toEqual(["value", "small", "value", "withheld"]);
    // two hidden parts of 2 and 3: the total 25 tells only that they sum to 5
    expect(kindsOf(suppressBreakdown([20, 2, 3], 25))).toEqual(["value", "small", "small", "value"]);
    // two hidden 1s (or two 4s) would be given away by their sum
    expect(kindsOf(suppressBreakdown([20, 1, 1], 22))).toEqual(["value", "small", "small", "withheld"]);
    expect(kindsOf(suppressBreakdown([20, 4, 4], 28))).toEqual(["value", "small", "small", "withheld"]);
    // a total that is itself small is shown as small
    expect(kindsOf(suppressBreakdown([0, 3, 0], 3))).toEqual(["value", "small", "value", "small"]);
    // distinct people are no sum: one hidden part withholds the total, two do not
    expect(kindsOf(suppressBreakdown([20, 3, 30], 50, false))).toEqual(["value", "small", "value", "withheld"]);
    expect(kindsOf(suppressBreakdown([20, 1, 1], 21, false))).toEqual(["value", "small", "small", "value"]);
  });
});
