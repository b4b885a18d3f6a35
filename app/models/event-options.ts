import type { Event, EventSession } from "~/generated/prisma/client";
import type { CalendarEventInput } from "~/lib/calendar.server";
import { formatDate, translate, type Locale } from "~/lib/i18n";

/**
 * The fixed choices of the events area and the rules that need no database: shared by the models and the pages
 * (nothing here touches the server, so a page's component may import it).
 */
export const EVENT_KINDS = [
  "OPEN_HEARING",
  "THEME_DAY",
  "NETWORK_MEETING",
  "TALK",
  "FORUM_MEETING",
  "COURSE_PARENTS",
  "COURSE_SIBLINGS",
  "COURSE_RELATIVES",
  "OTHER",
] as const;
export const COURSE_KINDS = ["COURSE_PARENTS", "COURSE_SIBLINGS", "COURSE_RELATIVES"] as const;
export const AUDIENCES = ["EVERYONE", "RELATIVES", "FRONTLINE", "CIVIL_SOCIETY", "FORUM_MEMBERS"] as const;
export const VISIBILITIES = ["PUBLIC", "MEMBERS", "INVITATION"] as const;
/** The fixed set of questions an event may ask. */
export const QUESTIONS = ["relation", "language", "interpreter", "needs", "comment"] as const;
export const RELATIONS = ["parent", "sibling", "other_relative", "other"] as const;
export const EVENT_LANGUAGES = ["da", "en", "ar", "so", "tr", "ur", "fa", "ps", "ku", "bs"] as const;
export const DEFAULT_CALENDAR_TITLE = "Arrangement — VINK";
export const MAX_SESSIONS = 20;

/** The staff form's three answers to "discreet?": automatic follows isDiscreetByDefault, so no JavaScript is needed. */
export const DISCREET_CHOICES = ["auto", "yes", "no"] as const;

/** Courses and networks for relatives are discreet unless staff decide otherwise: attending says something about a child. */
export function isDiscreetByDefault(event: { kind: string; audience: string }): boolean {
  return (COURSE_KINDS as readonly string[]).includes(event.kind) || event.audience === "RELATIVES";
}

export type EventKind = (typeof EVENT_KINDS)[number];
export type Question = (typeof QUESTIONS)[number];
export type EventState = "draft" | "published" | "cancelled" | "past";

export type EventWithSessions = Event & { sessions: EventSession[] };

export function eventState(event: Pick<Event, "status" | "lastEndsAt">, now = new Date()): EventState {
  if (event.status === "DRAFT") return "draft";
  if (event.status === "CANCELLED") return "cancelled";
  if (event.lastEndsAt && event.lastEndsAt <= now) return "past";
  return "published";
}

export function questionsOf(event: Pick<Event, "questions">): Question[] {
  return event.questions.split(",").filter((q): q is Question => (QUESTIONS as readonly string[]).includes(q));
}

export function languagesOf(event: Pick<Event, "languages">): string[] {
  return event.languages.split(",").filter(Boolean);
}

/** When sign-up closes: the staff's deadline, else when the first session starts. */
export function registrationClosesAt(event: Pick<Event, "registrationClosesAt" | "firstStartsAt">): Date | null {
  const candidates = [event.registrationClosesAt, event.firstStartsAt].filter((d): d is Date => d instanceof Date);
  return candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null;
}

type RegistrationWindow = "not-open" | "open" | "closed";

export function registrationWindow(event: Pick<Event, "status" | "registrationOpensAt" | "registrationClosesAt" | "firstStartsAt">, now = new Date()): RegistrationWindow {
  if (event.status !== "PUBLISHED") return "closed";
  if (event.registrationOpensAt && now < event.registrationOpensAt) return "not-open";
  const closes = registrationClosesAt(event);
  if (closes && now >= closes) return "closed";
  return "open";
}

/** places left, few left (at most a fifth, or 3), only the waitlist, or no limit. */
export type Availability = "open" | "few" | "waitlist" | "full" | "unlimited";

export function availability(event: Pick<Event, "capacity" | "registeredPersons" | "heldPersons" | "waitingCount" | "waitlistEnabled">): Availability {
  if (event.capacity === null) return "unlimited";
  const free = freePlaces(event.capacity, event);
  if (free <= 0 || event.waitingCount > 0) return event.waitlistEnabled ? "waitlist" : "full";
  if (free <= Math.max(3, Math.floor(event.capacity / 5))) return "few";
  return "open";
}

type Fill = Pick<Event, "registeredPersons" | "heldPersons" | "waitingCount">;

/** Places neither taken nor held by an open waitlist offer, in persons; Infinity without a capacity. */
export function freePlaces(capacity: number | null, fill: Pick<Fill, "registeredPersons" | "heldPersons">): number {
  return capacity === null ? Infinity : capacity - fill.registeredPersons - fill.heldPersons;
}

/** A group gets a place now when it fits and nobody waits ahead of it (else the waitlist, if the event keeps one). */
export function groupGetsPlace(capacity: number | null, fill: Fill, groupSize: number): boolean {
  return groupSize <= freePlaces(capacity, fill) && fill.waitingCount === 0;
}

export function placesLeft(event: Pick<Event, "capacity" | "registeredPersons" | "heldPersons">): number | null {
  return event.capacity === null ? null : Math.max(0, freePlaces(event.capacity, event));
}

/** What the calendar module takes, from an event and its sessions. */
export function calendarInput(event: EventWithSessions): CalendarEventInput {
  return {
    id: event.id,
    slug: event.slug,
    shortId: event.shortId,
    discreet: event.discreet,
    calendarTitle: event.calendarTitle,
    sequence: event.sequence,
    status: event.status,
    placeAddress: event.placeAddress,
    placeRoom: event.placeRoom,
    onlineUrl: event.onlineUrl,
    sessions: [...event.sessions].sort((a, b) => a.position - b.position),
  };
}

/** An answer as a person reads it (the relation and interpreter answers are stored as keys). */
export function answerText(locale: Locale, question: Question, value: string | undefined): string {
  if (!value) return "";
  if (question === "relation" && (RELATIONS as readonly string[]).includes(value)) return translate(locale, `events.relation.${value as (typeof RELATIONS)[number]}`);
  if (question === "interpreter") return translate(locale, value === "yes" ? "events.yes" : "events.no");
  return value;
}

/** "torsdag den 11. marts 2030 17.00–19.00" */
export function sessionTime(locale: Locale, s: { startsAt: Date; endsAt: Date }) {
  return `${formatDate(locale, s.startsAt, "weekday")} ${formatDate(locale, s.startsAt, "time")}–${formatDate(locale, s.endsAt, "time")}`;
}
