import ICAL from "ical.js";
import { expect } from "vitest";

/** Parses a calendar file with ical.js (Mozilla's parser) and returns what the tests look at. */
export function parseCalendar(text: string) {
  expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/); // every line ends in CRLF, nothing else breaks a line
  const root = new ICAL.Component(ICAL.parse(text));
  const events = root.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      sequence: e.sequence,
      summary: e.summary,
      location: e.location,
      description: e.description,
      status: String(v.getFirstPropertyValue("status") ?? ""),
      start: e.startDate.toJSDate(),
      end: e.endDate.toJSDate(),
      startIsUtc: e.startDate.zone?.tzid === "UTC",
      stamp: String(v.getFirstProperty("dtstamp")?.toICALString() ?? ""),
      organizer: String(v.getFirstPropertyValue("organizer") ?? ""),
      attendees: v.getAllProperties("attendee").map((p) => ({
        value: String(p.getFirstValue()).replace(/^mailto:/i, "mailto:"),
        rsvp: p.getParameter("rsvp"),
        cn: p.getParameter("cn"),
      })),
    };
  });
  return { method: String(root.getFirstPropertyValue("method") ?? ""), events };
}
