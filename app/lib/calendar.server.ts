import ical, { ICalAttendee, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus, type ICalAttendeeData } from "ical-generator";
import { DateTime } from "luxon";
import { env } from "./env.server";
import { urls } from "./urls.server";

/**
 * The one place that builds calendar files (ical-generator 10.2). Rules, from ../shared/STACK.md:
 * - every time in UTC (luxon .toUTC()), no TZID anywhere: each session is its own VEVENT, so a course across the
 *   October change of summer time keeps its wall-clock times and nothing recurs;
 * - UID from the database (the session's id), stable across edits; DTSTAMP in UTC;
 * - SEQUENCE is the event's sequence, which the model raises on every change of time, place or status; a personal
 *   file takes the sequence the model gives it (higher than the last file that person got, RFC 5546 §3.2.5);
 * - SUMMARY is the event's discreet calendar title, never the real title (a family calendar or a lock screen
 *   reveals nothing); DESCRIPTION and URL hold only a link: the person's private page in a personal file that has
 *   one, else the event's public address (opaque for a discreet event); a discreet event's LOCATION is the address
 *   alone, without the room note staff may have written the topic into;
 * - a personal file never asks for a reply the portal cannot receive: RSVP=FALSE, the participant ACCEPTED (the mail's
 *   links are the way to answer, docs/decisions/0014-calendar-replies.md);
 * - METHOD comes from CALENDAR_METHOD, the same constant the mail's icalEvent.method is taken from;
 * - personal files (REQUEST/CANCEL) name the recipient as the only ATTENDEE; public files carry no participant data
 *   and no online link.
 */
export const CALENDAR_METHOD = {
  REQUEST: "REQUEST",
  CANCEL: "CANCEL",
  PUBLISH: "PUBLISH",
} as const satisfies Record<string, keyof typeof ICalCalendarMethod>;
type CalendarMethod = (typeof CALENDAR_METHOD)[keyof typeof CALENDAR_METHOD];

type CalendarSession = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  placeAddress?: string | null;
  placeRoom?: string | null;
};

export type CalendarEventInput = {
  id: string;
  slug: string;
  shortId: string;
  discreet: boolean;
  calendarTitle: string;
  sequence: number;
  status: "DRAFT" | "PUBLISHED" | "CANCELLED";
  placeAddress?: string | null;
  placeRoom?: string | null;
  onlineUrl?: string | null;
  sessions: CalendarSession[];
};

type CalendarRecipient = { email: string; name: string };

/**
 * What a personal file carries beyond the event: its SEQUENCE (the model's, above the last file the person got; the
 * event's when not given), the person's private page (DESCRIPTION and URL; the public address when not given), and
 * the person's state: ACCEPTED for a registration, NEEDS-ACTION for an invitation not yet answered.
 */
type PersonalOptions = { sequence?: number; url?: string | null; partstat?: "ACCEPTED" | "NEEDS-ACTION" };

const PRODID = { company: "Københavns Kommune", product: "VINK Portal", language: "DA" };

/** Text typed by people goes into calendar lines only without control characters (no CR/LF to forge a line). */
function calendarText(value: string | null | undefined, max = 500): string {
  return (value ?? "")
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .replace(/\s{2,}/g, " ")
    .trim()
    .slice(0, max);
}

/** A parameter value (CN=...) may not hold quotes, colons or semicolons either. */
function paramText(value: string): string {
  return calendarText(value, 100).replace(/[":;,\\]/g, " ").replace(/\s{2,}/g, " ").trim();
}

function domain(): string {
  return new URL(env().APP_URL).hostname || "vink.local";
}

/** The UID of a session: stable for as long as the session exists in the database. */
export function sessionUid(sessionId: string): string {
  return `${sessionId}@${domain()}`;
}

/** Where a session is: room and address; for a discreet event the address alone (a room note may name the topic). */
function placeOf(event: CalendarEventInput, session: CalendarSession): string {
  const address = session.placeAddress || event.placeAddress;
  const room = event.discreet ? null : session.placeAddress ? session.placeRoom : session.placeRoom || event.placeRoom;
  return calendarText([room, address].filter(Boolean).join(", "));
}

const utc = (d: Date) => DateTime.fromJSDate(d).toUTC();

/**
 * The recipient as the only ATTENDEE, never asked for a calendar reply (RSVP=FALSE): the portal reads no REPLY, the
 * mail's links are the way to answer. On a REQUEST their state: ACCEPTED (registered) or NEEDS-ACTION (invited).
 */
function attendeeData(method: CalendarMethod, recipient: CalendarRecipient, partstat: PersonalOptions["partstat"]): ICalAttendeeData {
  return {
    email: recipient.email,
    name: paramText(recipient.name) || undefined,
    role: ICalAttendeeRole.REQ,
    rsvp: false,
    status: method === CALENDAR_METHOD.REQUEST ? (partstat === "NEEDS-ACTION" ? ICalAttendeeStatus.NEEDSACTION : ICalAttendeeStatus.ACCEPTED) : undefined,
  };
}

function checkRecipient(recipient: CalendarRecipient) {
  if (!recipient.email || /[\r\n,;<>\s]/.test(recipient.email)) throw new Error("A calendar recipient must be one clean address");
}

function build(options: {
  method: CalendarMethod;
  events: CalendarEventInput[];
  recipient?: CalendarRecipient;
  personal: boolean;
  now: Date;
  name?: string;
  options?: PersonalOptions;
}): string {
  const { method, recipient, personal, now } = options;
  const personalOptions = options.options ?? {};
  const cal = ical({ prodId: PRODID, method: ICalCalendarMethod[method], name: options.name ? calendarText(options.name) : undefined });
  const organizer = { name: paramText(env().UNIT_NAME), email: env().UNIT_EMAIL };
  for (const event of options.events) {
    const cancelled = method === CALENDAR_METHOD.CANCEL || event.status === "CANCELLED";
    for (const session of event.sessions) {
      const place = placeOf(event, session);
      const online = personal && event.onlineUrl?.startsWith("https://") ? calendarText(event.onlineUrl, 2000) : "";
      const link = (personal && personalOptions.url) || urls.publicEvent(event);
      const description = [online, link].filter(Boolean).join("\n");
      cal.createEvent({
        id: sessionUid(session.id),
        sequence: personalOptions.sequence ?? event.sequence,
        stamp: utc(now),
        start: utc(session.startsAt),
        end: utc(session.endsAt),
        summary: calendarText(event.calendarTitle, 200) || "Arrangement",
        location: place || (online ? online : null),
        description,
        url: link,
        status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        organizer,
        attendees: personal && recipient ? [attendeeData(method, recipient, personalOptions.partstat)] : [],
      });
    }
  }
  return cal.toString();
}

/**
 * A participant's own file: every session of the event, the recipient as the only ATTENDEE. REQUEST for a
 * confirmation or an update, CANCEL for a cancellation (of the event, or of the person's own registration).
 * Returns what queueEmail's `calendar` takes, so MIME method and file METHOD are one value.
 */
export function personalCalendar(
  event: CalendarEventInput,
  method: typeof CALENDAR_METHOD.REQUEST | typeof CALENDAR_METHOD.CANCEL,
  recipient: CalendarRecipient,
  now = new Date(),
  options: PersonalOptions = {},
): { method: CalendarMethod & ("REQUEST" | "CANCEL"); content: string; filename: string } {
  checkRecipient(recipient);
  const content = build({ method, events: [event], recipient, personal: true, now, options });
  return { method, content, filename: personalFilename(method) };
}

const personalFilename = (method: CalendarMethod) => (method === CALENDAR_METHOD.CANCEL ? "cancel.ics" : "invite.ics");

/**
 * personalCalendar for many recipients of one event (an invitation to thousands): the same file, byte for byte.
 * The file is built once without an attendee; each recipient's ATTENDEE line is made by ical-generator from the same
 * data as in personalCalendar, folded as ical-generator folds, and set after each event's ORGANIZER, which is where
 * ical-generator writes attendees. Only whole content lines are located: a line begins after CRLF with no space, and
 * no text of ours holds a CR or LF (escaped by ical-generator, removed by calendarText), so nothing typed can pose
 * as one. ical-generator's own folding makes a TextEncoder per character: 5,000 files took 3 s, this takes 0.1 s.
 */
export function personalCalendars(
  event: CalendarEventInput,
  method: typeof CALENDAR_METHOD.REQUEST | typeof CALENDAR_METHOD.CANCEL,
  now = new Date(),
  options: Omit<PersonalOptions, "url"> = {},
): (recipient: CalendarRecipient) => { method: CalendarMethod & ("REQUEST" | "CANCEL"); content: string; filename: string } {
  const shared = build({ method, events: [event], personal: true, now, options });
  const pieces: string[] = [];
  let from = 0;
  for (let at = shared.indexOf("\r\nORGANIZER", from); at !== -1; at = shared.indexOf("\r\nORGANIZER", from)) {
    let end = shared.indexOf("\r\n", at + 2);
    while (shared[end + 2] === " ") end = shared.indexOf("\r\n", end + 2);
    pieces.push(shared.slice(from, end + 2));
    from = end + 2;
  }
  pieces.push(shared.slice(from));
  if (pieces.length !== event.sessions.length + 1) throw new Error("Expected one ORGANIZER per session in the calendar file");
  const holder = ical().createEvent({ start: now });
  const filename = personalFilename(method);
  return (recipient) => {
    checkRecipient(recipient);
    const line = foldLine(new ICalAttendee(attendeeData(method, recipient, options.partstat), holder).toString().replace(/\r\n$/, ""));
    return { method, content: pieces.join(`${line}\r\n`), filename };
  };
}

/**
 * ical-generator's foldLines for one line (RFC 5545 3.1): a CRLF and a space once a line would pass 74 octets of
 * UTF-8, never inside a character; the octets counted as TextEncoder counts them (an unpaired surrogate is 3).
 */
export function foldLine(line: string): string {
  let out = "";
  let octets = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    let size: number;
    if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // ical-generator takes the next unit with a high surrogate, whatever it is
      const next = i + 1 < line.length ? line.charCodeAt(i + 1) : -1;
      i++;
      if (next >= 0xdc00 && next <= 0xdfff) size = 4;
      else size = 3 + (next < 0 ? 0 : next < 0x80 ? 1 : next < 0x800 ? 2 : 3);
    } else size = 3;
    octets += size;
    if (octets > 74) {
      const charStart = code >= 0xd800 && code <= 0xdbff ? i - 1 : i;
      out += line.slice(start, charStart) + "\r\n ";
      start = charStart;
      octets = size;
    }
  }
  return out + line.slice(start);
}

/** The public file of one event (the .ics link on its page): no participant, no online link. */
export function publicEventCalendar(event: CalendarEventInput, now = new Date()): string {
  return build({ method: CALENDAR_METHOD.PUBLISH, events: [event], personal: false, now });
}

/** The public feed (/calendar.ics) of all public published events. */
export function publicFeed(events: CalendarEventInput[], name: string, now = new Date()): string {
  return build({ method: CALENDAR_METHOD.PUBLISH, events, personal: false, now, name });
}

const googleDate = (d: Date) => utc(d).toFormat("yyyyMMdd'T'HHmmss'Z'");

/**
 * "Add to Google Calendar" for one session, with the discreet title and, as in a calendar file, only a link in the
 * details: the person's private page when given (the confirmation page), else the event's public address.
 */
export function googleCalendarUrl(event: CalendarEventInput, session: CalendarSession, privateUrl?: string | null): string {
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: calendarText(event.calendarTitle, 200),
    dates: `${googleDate(session.startsAt)}/${googleDate(session.endsAt)}`,
    details: privateUrl || urls.publicEvent(event),
    location: placeOf(event, session),
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/** "Add to Outlook" (outlook.live.com / Microsoft 365 web) for one session: the same title, link and place as Google's. */
export function outlookCalendarUrl(event: CalendarEventInput, session: CalendarSession, privateUrl?: string | null): string {
  const params = new URLSearchParams({
    path: "/calendar/action/compose",
    rru: "addevent",
    subject: calendarText(event.calendarTitle, 200),
    startdt: utc(session.startsAt).toISO({ suppressMilliseconds: true }) ?? "",
    enddt: utc(session.endsAt).toISO({ suppressMilliseconds: true }) ?? "",
    body: privateUrl || urls.publicEvent(event),
    location: placeOf(event, session),
  });
  return `https://outlook.live.com/calendar/0/deeplink/compose?${params.toString()}`;
}
