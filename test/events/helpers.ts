import ICAL from "ical.js";
import type { Received } from "../support/smtp";

/**
 * Parses a calendar file with ical.js (Mozilla's parser) and returns what the tests look at. No test-runner import:
 * vitest and Playwright tests both use it.
 */
export function parseCalendar(text: string) {
  if (!text.startsWith("BEGIN:VCALENDAR\r\n")) throw new Error("A calendar file must start with BEGIN:VCALENDAR and CRLF");
  if (/[\r\n]/.test(text.replace(/\r\n/g, ""))) throw new Error("A bare CR or LF in a calendar file");
  const root = new ICAL.Component(ICAL.parse(text));
  const events = root.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      sequence: e.sequence,
      summary: e.summary,
      location: e.location,
      description: e.description,
      url: String(v.getFirstPropertyValue("url") ?? ""),
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
        ...(p.getParameter("partstat") ? { partstat: p.getParameter("partstat") } : {}),
      })),
    };
  });
  return { method: String(root.getFirstPropertyValue("method") ?? ""), events };
}

/** The calendar part of a received message: the MIME part's method, and the file parsed with ical.js. */
export function calendarOf(received: Received) {
  const mime = /Content-Type: text\/calendar;[^\r\n]*method=([A-Z]+)/i.exec(received.raw)?.[1] ?? null;
  const part = received.mail.attachments.find((a) => a.contentType === "text/calendar" || a.filename?.endsWith(".ics"));
  const text = part ? part.content.toString("utf8") : null;
  return { mime, cal: text ? parseCalendar(text) : null, text };
}
