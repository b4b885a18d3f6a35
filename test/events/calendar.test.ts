process.env.TZ = "UTC"; // the server's own zone must not leak into calendar files

import { foldLines } from "ical-generator";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  CALENDAR_METHOD,
  foldLine,
  googleCalendarUrl,
  outlookCalendarUrl,
  personalCalendar,
  personalCalendars,
  publicEventCalendar,
  publicFeed,
  type CalendarEventInput,
} from "~/lib/calendar.server";
import { parseCalendar } from "./helpers";

const now = new Date("2026-09-01T08:00:00Z");

/** Copenhagen wall-clock time → the UTC instant, the way the model stores session times. */
const cph = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Copenhagen" }).toJSDate();

// Four Thursday evenings 17:00–19:00 Copenhagen time; summer time ends on Sunday 25 October 2026.
const course: CalendarEventInput = {
  id: "evt_course",
  slug: "foraeldrekursus-om-radikalisering",
  shortId: "k7x2m9qd",
  discreet: true,
  calendarTitle: "Arrangement — VINK",
  sequence: 0,
  status: "PUBLISHED",
  placeAddress: "Rådhuspladsen 1, 1550 København V",
  placeRoom: "Mødelokale 3",
  onlineUrl: "https://meet.example.dk/abc",
  sessions: [
    { id: "ses_1", startsAt: cph("2026-10-15T17:00"), endsAt: cph("2026-10-15T19:00") },
    { id: "ses_2", startsAt: cph("2026-10-22T17:00"), endsAt: cph("2026-10-22T19:00") },
    { id: "ses_3", startsAt: cph("2026-10-29T17:00"), endsAt: cph("2026-10-29T19:00"), placeAddress: "Nørrebrogade 1", placeRoom: "Salen" },
    { id: "ses_4", startsAt: cph("2026-11-05T17:00"), endsAt: cph("2026-11-05T19:00") },
  ],
};
const recipient = { email: "foraelder@example.dk", name: "Mette Hansen" };

describe("calendar files", () => {
  it("runs with the process in UTC", () => {
    expect(new Date("2026-10-15T17:00:00").toISOString()).toBe("2026-10-15T17:00:00.000Z");
  });

  it("a confirmation: REQUEST, one VEVENT per session in UTC, wall-clock times kept across the October change", async () => {
    const part = personalCalendar(course, CALENDAR_METHOD.REQUEST, recipient, now, { url: "http://localhost:3999/registrations/privat-token", partstat: "ACCEPTED" });
    expect(part.method).toBe("REQUEST");
    await expect(part.content).toMatchFileSnapshot("golden/course-request.ics");
    const cal = parseCalendar(part.content);
    expect(cal.method).toBe(part.method);
    expect(cal.events).toHaveLength(4);
    for (const [i, e] of cal.events.entries()) {
      expect(e.uid).toBe(`${course.sessions[i]!.id}@localhost`);
      expect(e.sequence).toBe(0);
      expect(e.summary).toBe("Arrangement — VINK");
      expect(e.startIsUtc).toBe(true);
      expect(e.stamp).toBe("DTSTAMP:20260901T080000Z");
      const local = DateTime.fromJSDate(e.start).setZone("Europe/Copenhagen");
      expect(local.toFormat("HH:mm")).toBe("17:00");
      expect(DateTime.fromJSDate(e.end).setZone("Europe/Copenhagen").toFormat("HH:mm")).toBe("19:00");
      expect(e.organizer).toBe("mailto:vink@kk.dk");
      // accepted, and no reply asked for: the portal reads no iTIP REPLY (docs/decisions/0014-calendar-replies.md)
      expect(e.attendees).toEqual([{ value: "mailto:foraelder@example.dk", rsvp: "FALSE", cn: "Mette Hansen", partstat: "ACCEPTED" }]);
      // a neutral link to the person's private page, nothing of the topic
      expect(e.url).toBe("http://localhost:3999/registrations/privat-token");
      expect(e.description).toBe("https://meet.example.dk/abc\nhttp://localhost:3999/registrations/privat-token");
      expect(e.status).toBe("CONFIRMED");
    }
    // 15:00Z before the change, 16:00Z after it: the same evening in Copenhagen
    expect(cal.events.map((e) => e.start.toISOString().slice(11, 16))).toEqual(["15:00", "15:00", "16:00", "16:00"]);
    // a discreet event's LOCATION is the address alone: staff may have written the topic into a room note
    expect(cal.events[2]!.location).toBe("Nørrebrogade 1");
    expect(cal.events[0]!.location).toBe("Rådhuspladsen 1, 1550 København V");
    expect(part.content).not.toMatch(/radikal|foraeldre|Mødelokale|Salen/i);
    const open = parseCalendar(personalCalendar({ ...course, discreet: false }, CALENDAR_METHOD.REQUEST, recipient, now).content);
    expect(open.events[2]!.location).toBe("Salen, Nørrebrogade 1");
    expect(open.events[0]!.location).toBe("Mødelokale 3, Rådhuspladsen 1, 1550 København V");
    expect(open.events[0]!.url).toBe("http://localhost:3999/events/foraeldrekursus-om-radikalisering");
    expect(cal.events[0]!.description).toContain("https://meet.example.dk/abc"); // participants see the online link
  });

  it("an update keeps every UID and raises SEQUENCE; a cancellation is CANCEL with STATUS:CANCELLED", async () => {
    const before = parseCalendar(personalCalendar(course, "REQUEST", recipient, now).content);
    const moved = { ...course, sequence: 1, sessions: course.sessions.map((s, i) => (i === 1 ? { ...s, startsAt: cph("2026-10-23T17:00"), endsAt: cph("2026-10-23T19:00") } : s)) };
    const update = parseCalendar(personalCalendar(moved, "REQUEST", recipient, now).content);
    expect(update.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
    expect(update.events.every((e) => e.sequence > before.events[0]!.sequence)).toBe(true);
    expect(update.events[1]!.start.toISOString()).toBe("2026-10-23T15:00:00.000Z");

    const cancelled = { ...moved, sequence: 2, status: "CANCELLED" as const };
    const part = personalCalendar(cancelled, CALENDAR_METHOD.CANCEL, recipient, now);
    await expect(part.content).toMatchFileSnapshot("golden/course-cancel.ics");
    const cancel = parseCalendar(part.content);
    expect(part.method).toBe("CANCEL");
    expect(cancel.method).toBe("CANCEL");
    expect(cancel.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
    expect(cancel.events.every((e) => e.status === "CANCELLED" && e.sequence === 2)).toBe(true);
    expect(cancel.events[0]!.attendees).toHaveLength(1);
    expect(cancel.events[0]!.attendees[0]!.rsvp).toBe("FALSE");
    // the model's sequence wins over the event's: a person's own cancel goes above their last file
    const own = parseCalendar(personalCalendar(moved, CALENDAR_METHOD.CANCEL, recipient, now, { sequence: 5 }).content);
    expect(own.events.every((e) => e.sequence === 5)).toBe(true);
  });

  it("public files carry no participant and no online link", async () => {
    const text = publicEventCalendar(course, now);
    await expect(text).toMatchFileSnapshot("golden/course-public.ics");
    const cal = parseCalendar(text);
    expect(cal.method).toBe("PUBLISH");
    expect(cal.events.every((e) => e.attendees.length === 0)).toBe(true);
    expect(text).not.toContain("meet.example.dk");
    expect(text).not.toContain("ATTENDEE");
    // a discreet event's public address is its opaque short id, never its slug
    expect(cal.events.every((e) => e.url === "http://localhost:3999/events/k7x2m9qd" && e.description === e.url)).toBe(true);
    expect(text).not.toContain(course.slug);

    const feed = parseCalendar(publicFeed([course, { ...course, id: "evt_2", sessions: [{ id: "ses_9", startsAt: cph("2026-12-01T10:00"), endsAt: cph("2026-12-01T15:00") }] }], "VINK", now));
    expect(feed.events.map((e) => e.uid)).toEqual(["ses_1", "ses_2", "ses_3", "ses_4", "ses_9"].map((s) => `${s}@localhost`));
  });

  it("hostile text never forges a calendar line or a parameter", () => {
    const hostile: CalendarEventInput = {
      ...course,
      calendarTitle: "Hej\r\nATTENDEE:mailto:spy@example.com\r\nX: <script>",
      placeAddress: "Gade 1\nEND:VEVENT\nBEGIN:VEVENT",
      placeRoom: "\u0000\u0007Rum",
      sessions: [course.sessions[0]!],
    };
    const text = personalCalendar(hostile, "REQUEST", { email: "a@example.dk", name: 'Eve"\r\n;ROLE=CHAIR:mailto:x@y' }, now).content;
    const lines = text.split("\r\n");
    expect(lines.filter((l) => l.startsWith("ATTENDEE"))).toHaveLength(1);
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(1);
    expect([...text].some((c) => c.charCodeAt(0) < 9)).toBe(false);
    const cal = parseCalendar(text);
    expect(cal.events).toHaveLength(1);
    expect(cal.events[0]!.summary).toBe("Hej ATTENDEE:mailto:spy@example.com X: <script>");
    expect(cal.events[0]!.attendees).toHaveLength(1);
    expect(cal.events[0]!.attendees[0]!.value).toBe("mailto:a@example.dk");
    expect(() => personalCalendar(course, "REQUEST", { email: "a@x.dk\r\nBcc: b@x.dk", name: "x" }, now)).toThrow();
  });

  it("Google and Outlook links carry the discreet title, UTC times, the address alone and a neutral link", () => {
    const google = new URL(googleCalendarUrl(course, course.sessions[2]!));
    expect(google.hostname).toBe("calendar.google.com");
    expect(google.searchParams.get("text")).toBe("Arrangement — VINK");
    expect(google.searchParams.get("dates")).toBe("20261029T160000Z/20261029T180000Z");
    expect(google.searchParams.get("details")).toBe("http://localhost:3999/events/k7x2m9qd");
    expect(google.searchParams.get("location")).toBe("Nørrebrogade 1");
    const outlook = new URL(outlookCalendarUrl(course, course.sessions[0]!, "http://localhost:3999/registrations/privat-token"));
    expect(outlook.searchParams.get("subject")).toBe("Arrangement — VINK");
    expect(outlook.searchParams.get("startdt")).toBe("2026-10-15T15:00:00Z");
    expect(outlook.searchParams.get("body")).toBe("http://localhost:3999/registrations/privat-token");
    expect(outlook.searchParams.get("location")).toBe("Rådhuspladsen 1, 1550 København V");
    for (const link of [google, outlook]) expect(link.toString()).not.toMatch(/radikal|foraeldre|Salen|Mødelokale/i);
  });
});

describe("many personal files for one event (personalCalendars)", () => {
  const people = [
    { email: "ann@example.dk", name: 'Ann "<b>x</b>"\r\nBcc: evil@x.dk' },
    { email: "a@example.dk", name: 'Eve"\r\n;ROLE=CHAIR:mailto:x@y' },
    { email: "no.name@example.dk", name: "" },
    { email: "langt.navn.med.mange.bogstaver@eksempel.example.dk", name: "Åse Ærø-Østergård 😀 ".repeat(6) },
    { email: "x@example.dk", name: "\uD83D broken \uDE00 surrogates \uD800" },
  ];

  it("are each the file personalCalendar makes, byte for byte, with the recipient as the only ATTENDEE", () => {
    for (const method of [CALENDAR_METHOD.REQUEST, CALENDAR_METHOD.CANCEL]) {
      for (const event of [course, { ...course, sessions: [course.sessions[0]!] }]) {
        const many = personalCalendars(event, method, now, { partstat: "NEEDS-ACTION" });
        for (const person of people) {
          const part = many(person);
          expect(part).toEqual(personalCalendar(event, method, person, now, { partstat: "NEEDS-ACTION" }));
          const cal = parseCalendar(part.content);
          expect(cal.method).toBe(method);
          expect(cal.events).toHaveLength(event.sessions.length);
          for (const e of cal.events) expect(e.attendees.map((a) => a.value)).toEqual([`mailto:${person.email}`]);
        }
      }
    }
    expect(() => personalCalendars(course, "REQUEST", now)({ email: "a@x.dk\r\nBcc: b@x.dk", name: "x" })).toThrow();
  });

  it("fold lines exactly as ical-generator does", () => {
    const alphabet = ["a", "Z", " ", ";", "æ", "€", "😀", "\uD800", "\uDC00", "\u07ff", "\u0800", '"', "\\"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 3000; n++) {
      const line = Array.from({ length: Math.floor(next() * 300) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
      expect(foldLine(line)).toBe(foldLines(line));
    }
  });
});
