import { eventCancelledEmail } from "#emails/event-cancelled";
import { eventChangedEmail } from "#emails/event-changed";
import { renderEmail } from "#emails/render";
import { CALENDAR_METHOD } from "~/lib/calendar.server";
import type { Db } from "~/lib/db.server";
import { localeOf } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { urls } from "~/lib/urls.server";
import { changeLines, NO_CHANGES, type EventChanges } from "./event-diff";
import type { EventWithSessions } from "./event-options";
import { recountEvent } from "./registration-counts.server";
import { registrationCalendar, registrationMailDetails, sentCalendarSequences } from "./registration-mail.server";
import { issueRegistrationLink } from "./registrations.server";

/**
 * An event's change or cancellation reaching the people registered for it, each once per address, with a calendar
 * update or CANCEL above the last file they got. Called by name from app/models/event-changes.server.ts.
 */

/**
 * One update to each registered person: what changed (old → new), METHOD:REQUEST, the same UIDs, a SEQUENCE above
 * the last file they got, the person as ATTENDEE. The addresses mailed (app/models/event-changes.server.ts).
 */
export async function mailRegistrantsAboutChange(tx: Db, event: EventWithSessions, now: Date, changes: EventChanges = NO_CHANGES): Promise<Set<string>> {
  const registrations = await tx.registration.findMany({ where: { eventId: event.id, status: "REGISTERED" } });
  const sent = await sentCalendarSequences(tx, event.id);
  const mailed = new Set<string>();
  for (const r of registrations) {
    if (!r.email || mailed.has(r.email)) continue;
    mailed.add(r.email);
    const token = await issueRegistrationLink(tx, r.id);
    const locale = localeOf(r.locale);
    const mail = renderEmail(eventChangedEmail, locale, { ...registrationMailDetails(event, r, true), changes: changeLines(locale, changes, true), url: urls.registration(token) });
    await queueEmail(tx, {
      kind: "event-changed",
      dedupeKey: `event-changed:${event.id}:${event.sequence}:${r.id}`,
      to: r.email,
      toName: r.name,
      ...mail,
      calendar: await registrationCalendar(tx, event, r, CALENDAR_METHOD.REQUEST, now, urls.registration(token), sent),
    });
  }
  return mailed;
}

/** Each registered person gets METHOD:CANCEL (MIME part and file); people on the waitlist get the news without a file. The addresses mailed. */
export async function mailRegistrantsAboutCancellation(tx: Db, event: EventWithSessions, now: Date): Promise<Set<string>> {
  await tx.waitlistOffer.updateMany({ where: { eventId: event.id, status: "OPEN" }, data: { status: "WITHDRAWN", answeredAt: now } });
  const registrations = await tx.registration.findMany({ where: { eventId: event.id, status: { in: ["REGISTERED", "WAITLISTED"] } } });
  const sent = await sentCalendarSequences(tx, event.id);
  const mailed = new Set<string>();
  for (const r of registrations) {
    if (!r.email || mailed.has(r.email)) continue;
    mailed.add(r.email);
    const hadCalendar = r.status === "REGISTERED";
    const mail = renderEmail(eventCancelledEmail, localeOf(r.locale), { ...registrationMailDetails(event, r, false), message: event.cancelMessage, hadCalendar });
    await queueEmail(tx, {
      kind: "event-cancelled",
      dedupeKey: `event-cancelled:${event.id}:${r.id}`,
      to: r.email,
      toName: r.name,
      ...mail,
      calendar: hadCalendar ? await registrationCalendar(tx, event, r, CALENDAR_METHOD.CANCEL, now, null, sent) : undefined,
    });
  }
  await recountEvent(tx, event.id);
  return mailed;
}
