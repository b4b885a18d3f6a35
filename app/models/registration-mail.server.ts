import type { Event, EventSession, Registration } from "~/generated/prisma/client";
import type { EventMailDetails } from "#emails/event-parts";
import { registrationCancelledEmail } from "#emails/registration-cancelled";
import { registrationConfirmationEmail } from "#emails/registration-confirmation";
import { renderEmail } from "#emails/render";
import { CALENDAR_METHOD, googleCalendarUrl, outlookCalendarUrl, personalCalendar } from "~/lib/calendar.server";
import type { Db } from "~/lib/db.server";
import { localeOf, type Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { urls } from "~/lib/urls.server";
import { evaluationUrlForConfirmation } from "./evaluation-answers.server";
import { calendarInput, sessionTime, type EventWithSessions } from "./event-options";
import { waitlistPosition } from "./registration-counts.server";
import { OFFER_HOURS } from "./waitlist-deadline.server";

/**
 * What a registration mails and the calendar entries it carries: the event as every mail describes it, the
 * confirmation (place or waitlist), the end of a registration, the person's own calendar file at a SEQUENCE above the
 * last one they got, and the "add to Google / Outlook" links.
 */

function sessionLines(locale: Locale, sessions: EventSession[]) {
  return [...sessions]
    .sort((a, b) => a.position - b.position)
    .map((s) => {
      const place = s.placeAddress ? ` (${[s.placeRoom, s.placeAddress].filter(Boolean).join(", ")})` : "";
      return `${sessionTime(locale, s)}${place}`;
    });
}

/** What every mail about an event says of it (registrations, invitations, reminders): its sessions and place, in the reader's language. */
export function eventMailDetails(event: EventWithSessions, name: string, locale: Locale, onlineUrl: string | null = null): EventMailDetails {
  return {
    name,
    calendarTitle: event.calendarTitle,
    eventTitle: event.title,
    discreet: event.discreet,
    sessions: sessionLines(locale, event.sessions),
    place: [event.placeRoom, event.placeAddress].filter(Boolean).join(", ") || null,
    onlineUrl,
  };
}

/** The event as a mail to this registration describes it; the online link only to someone with a place. */
export function registrationMailDetails(event: EventWithSessions, registration: Pick<Registration, "name" | "locale">, withOnline: boolean): EventMailDetails {
  return eventMailDetails(event, registration.name, localeOf(registration.locale), withOnline ? event.onlineUrl : null);
}

// ─── Calendar SEQUENCE per address ──────────────────────────────────────────────────────────────────────────────

/**
 * The highest SEQUENCE recorded for each address on an event (Registration.calendarSequence, over all its
 * registrations: cancelled ones too).
 */
export async function sentCalendarSequences(tx: Db, eventId: string): Promise<Map<string, number>> {
  const rows = await tx.registration.groupBy({ by: ["email"], where: { eventId, calendarSequence: { not: null } }, _max: { calendarSequence: true } });
  return new Map(rows.map((r) => [r.email, r._max.calendarSequence ?? 0]));
}

/**
 * The SEQUENCE of the next personal calendar file to a registration, recorded on it. A client applies an update or a
 * cancel only when its SEQUENCE is above the last it got for that UID (RFC 5546 §3.2.5; Google and Outlook ignore it
 * otherwise), and every file about an event carries the sessions' UIDs. So the next file goes above every file
 * recorded for the address on this event (an earlier registration's too: signing up again after cancelling), and
 * never below the event's sequence, which a change raises. A registration made through an invitation starts one
 * higher still: the invitation's own REQUEST (same UIDs) went out at most at that level and is not recorded.
 */
export async function claimCalendarSequence(
  tx: Db,
  event: Pick<Event, "id" | "sequence">,
  registration: Pick<Registration, "id" | "email" | "source" | "calendarSequence">,
  sent?: Map<string, number>,
): Promise<number> {
  const last = sent ? sent.get(registration.email) : (await sentCalendarSequences(tx, event.id)).get(registration.email);
  let next = last === undefined ? event.sequence : Math.max(event.sequence, last + 1);
  if (registration.calendarSequence === null && registration.source === "INVITATION") next += 1;
  await tx.registration.update({ where: { id: registration.id }, data: { calendarSequence: next } });
  sent?.set(registration.email, next);
  return next;
}

/** A registered person's own file: REQUEST (them ACCEPTED, their private page as the link) or CANCEL, at the claimed SEQUENCE. */
export async function registrationCalendar(
  tx: Db,
  event: EventWithSessions,
  registration: Registration,
  method: "REQUEST" | "CANCEL",
  now: Date,
  url: string | null,
  sent?: Map<string, number>,
) {
  const sequence = await claimCalendarSequence(tx, event, registration, sent);
  return personalCalendar(calendarInput(event), method, { email: registration.email, name: registration.name }, now, { sequence, url, partstat: "ACCEPTED" });
}

/**
 * "Add to Google / Outlook" for each session, with the discreet calendar title and the private page as the link, as in
 * the mailed file (no online link: the URL is visible).
 */
export function calendarLinks(event: EventWithSessions, token: string) {
  const calendar = { ...calendarInput(event), onlineUrl: null };
  const url = urls.registration(token);
  return calendar.sessions.map((s) => ({ google: googleCalendarUrl(calendar, s, url), outlook: outlookCalendarUrl(calendar, s, url) }));
}

// ─── The mails ───────────────────────────────────────────────────────────────────────────────────────────────────

/** "You have a place" (with the calendar file) or "you are number n on the waitlist", with the private link. */
export async function mailConfirmation(tx: Db, event: EventWithSessions, registration: Registration, token: string, key: string, now: Date, knownPosition?: number | null) {
  if (!registration.email) return;
  const locale = localeOf(registration.locale);
  const registered = registration.status === "REGISTERED";
  const position = knownPosition !== undefined ? knownPosition : await waitlistPosition(tx, registration);
  const mail = renderEmail(registrationConfirmationEmail, locale, {
    ...registrationMailDetails(event, registration, registered),
    status: registered ? "REGISTERED" : "WAITLISTED",
    position,
    groupSize: registration.groupSize,
    offerHours: OFFER_HOURS,
    url: urls.registration(token),
    evaluationUrl: await evaluationUrlForConfirmation(tx, registration, now),
  });
  await queueEmail(tx, {
    kind: "registration-confirmation",
    dedupeKey: key,
    to: registration.email,
    toName: registration.name,
    ...mail,
    calendar: registered ? await registrationCalendar(tx, event, registration, CALENDAR_METHOD.REQUEST, now, urls.registration(token)) : undefined,
  });
}

export type EndReason = "self" | "staff" | "offer-expired" | "moved-to-waitlist";

/** A registration ended (or moved back to the waitlist): the reason, and a calendar CANCEL if the person had an entry. */
export async function mailEnded(tx: Db, event: EventWithSessions, registration: Registration, reason: EndReason, hadCalendar: boolean, now: Date) {
  if (!registration.email) return;
  const mail = renderEmail(registrationCancelledEmail, localeOf(registration.locale), { ...registrationMailDetails(event, registration, false), reason });
  await queueEmail(tx, {
    kind: "registration-cancelled",
    dedupeKey: `registration-ended:${registration.id}:${reason}:${now.getTime()}`,
    to: registration.email,
    toName: registration.name,
    ...mail,
    calendar: hadCalendar ? await registrationCalendar(tx, event, registration, CALENDAR_METHOD.CANCEL, now, null) : undefined,
  });
}
