import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import { env } from "./env.server";

/**
 * The one place that builds calendar files (ical-generator 10.2). Rules, from ../shared/STACK.md:
 * - every time in UTC (luxon .toUTC()), no TZID anywhere: each session is its own VEVENT, so a course across the
 *   October change of summer time keeps its wall-clock times and nothing recurs;
 * - UID from the database (the session's id), stable across edits; DTSTAMP in UTC;
 * - SEQUENCE is the event's sequence, which the model raises on every change of time, place or status;
 * - SUMMARY is the event's discreet calendar title, never the real title (a family calendar or a lock screen
 *   reveals nothing);
 * - METHOD comes from CALENDAR_METHOD, the same constant the mail's icalEvent.method is taken from;
 * - personal files (REQUEST/CANCEL) name the recipient as the only ATTENDEE; public files carry no participant data
 *   and no online link.
 */
export const CALENDAR_METHOD = {
  REQUEST: "REQUEST",
  CANCEL: "CANCEL",
  PUBLISH: "PUBLISH",
} as const satisfies Record<string, keyof typeof ICalCalendarMethod>;
export type CalendarMethod = (typeof CALENDAR_METHOD)[keyof typeof CALENDAR_METHOD];

export type CalendarSession = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  placeAddress?: string | null;
  placeRoom?: string | null;
};

export type CalendarEventInput = {
  id: string;
  calendarTitle: string;
  sequence: number;
  status: "DRAFT" | "PUBLISHED" | "CANCELLED";
  placeAddress?: string | null;
  placeRoom?: string | null;
  onlineUrl?: string | null;
  sessions: CalendarSession[];
};

export type CalendarRecipient = { email: string; name: string };

const PRODID = { company: "Københavns Kommune", product: "VINK Portal", language: "DA" };

/** Text typed by people goes into calendar lines only without control characters (no CR/LF to forge a line). */
export function calendarText(value: string | null | undefined, max = 500): string {
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

/** The public page of an event, by id (a slug could itself reveal what the event is about). */
export function eventUrl(eventId: string): string {
  return `${env().APP_URL}/events/${encodeURIComponent(eventId)}`;
}

function placeOf(event: CalendarEventInput, session: CalendarSession): string {
  const address = session.placeAddress || event.placeAddress;
  const room = session.placeAddress ? session.placeRoom : session.placeRoom || event.placeRoom;
  return calendarText([room, address].filter(Boolean).join(", "));
}

const utc = (d: Date) => DateTime.fromJSDate(d).toUTC();

function build(options: {
  method: CalendarMethod;
  events: CalendarEventInput[];
  recipient?: CalendarRecipient;
  personal: boolean;
  now: Date;
  name?: string;
}): string {
  const { method, recipient, personal, now } = options;
  const cal = ical({ prodId: PRODID, method: ICalCalendarMethod[method], name: options.name ? calendarText(options.name) : undefined });
  const organizer = { name: paramText(env().UNIT_NAME), email: env().UNIT_EMAIL };
  for (const event of options.events) {
    const cancelled = method === CALENDAR_METHOD.CANCEL || event.status === "CANCELLED";
    for (const session of event.sessions) {
      const place = placeOf(event, session);
      const online = personal && event.onlineUrl?.startsWith("https://") ? calendarText(event.onlineUrl, 2000) : "";
      const description = [online, eventUrl(event.id)].filter(Boolean).join("\n");
      cal.createEvent({
        id: sessionUid(session.id),
        sequence: event.sequence,
        stamp: utc(now),
        start: utc(session.startsAt),
        end: utc(session.endsAt),
        summary: calendarText(event.calendarTitle, 200) || "Arrangement",
        location: place || (online ? online : null),
        description,
        url: eventUrl(event.id),
        status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        organizer,
        attendees:
          personal && recipient
            ? [
                {
                  email: recipient.email,
                  name: paramText(recipient.name) || undefined,
                  role: ICalAttendeeRole.REQ,
                  rsvp: method === CALENDAR_METHOD.REQUEST ? true : undefined,
                  status: method === CALENDAR_METHOD.REQUEST ? ICalAttendeeStatus.NEEDSACTION : undefined,
                },
              ]
            : [],
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
): { method: CalendarMethod & ("REQUEST" | "CANCEL"); content: string; filename: string } {
  if (!recipient.email || /[\r\n,;<>\s]/.test(recipient.email)) throw new Error("A calendar recipient must be one clean address");
  const content = build({ method, events: [event], recipient, personal: true, now });
  return { method, content, filename: method === CALENDAR_METHOD.CANCEL ? "cancel.ics" : "invite.ics" };
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

/** "Add to Google Calendar" for one session, with the discreet title. */
export function googleCalendarUrl(event: CalendarEventInput, session: CalendarSession): string {
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: calendarText(event.calendarTitle, 200),
    dates: `${googleDate(session.startsAt)}/${googleDate(session.endsAt)}`,
    details: eventUrl(event.id),
    location: placeOf(event, session),
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/** "Add to Outlook" (outlook.live.com / Microsoft 365 web) for one session, with the discreet title. */
export function outlookCalendarUrl(event: CalendarEventInput, session: CalendarSession): string {
  const params = new URLSearchParams({
    path: "/calendar/action/compose",
    rru: "addevent",
    subject: calendarText(event.calendarTitle, 200),
    startdt: utc(session.startsAt).toISO({ suppressMilliseconds: true }) ?? "",
    enddt: utc(session.endsAt).toISO({ suppressMilliseconds: true }) ?? "",
    body: eventUrl(event.id),
    location: placeOf(event, session),
  });
  return `https://outlook.live.com/calendar/0/deeplink/compose?${params.toString()}`;
}
