import { DateTime } from "luxon";
import { formatDate, timeZone, translate, type Locale } from "~/lib/i18n";

/**
 * When a waitlist offer ends, and how a mail or page says it (docs/decisions/0015-waitlist-offers.md). No database:
 * the offer page and the mails read it, the waitlist (./waitlist.server.ts) sets it.
 */

export const OFFER_HOURS = 48;
const NIGHT_FROM = 22;
const NIGHT_UNTIL = 8;
/** A night-time close moves an offer's end back to the evening before only if the person still gets this much. */
const MIN_EVENING_MS = 3600_000;

/** The start (22:00 Copenhagen) of the night an instant falls in, or null when it falls in the day (08:00–22:00). */
function nightStartOf(at: Date): DateTime | null {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (local.hour >= NIGHT_UNTIL && local.hour < NIGHT_FROM) return null;
  const evening = local.hour >= NIGHT_FROM ? local : local.minus({ days: 1 });
  return evening.set({ hour: NIGHT_FROM, minute: 0, second: 0, millisecond: 0 });
}

/**
 * When a waitlist offer made at `now` ends: OFFER_HOURS later, but the night (22:00–08:00 Copenhagen time) does not
 * count — a deadline that would fall in it runs on from 08:00 by the part that fell after 22:00 (23:30 → 09:30 the
 * next morning). Wall-clock times through luxon, so a summer-time change keeps 22:00 and 08:00 where they are. Never
 * after sign-up closes; a close at night ends the offer at 22:00 the evening before, unless that leaves under an hour
 * (then at the close itself).
 */
export function offerDeadline(now: Date, closes: Date | null): Date {
  let deadline = new Date(now.getTime() + OFFER_HOURS * 3600_000);
  const night = nightStartOf(deadline);
  if (night) {
    const morning = night.plus({ days: 1 }).set({ hour: NIGHT_UNTIL });
    deadline = new Date(morning.toMillis() + (deadline.getTime() - night.toMillis()));
  }
  if (closes && deadline > closes) {
    const evening = nightStartOf(closes);
    deadline = evening && evening.toMillis() - now.getTime() >= MIN_EVENING_MS ? evening.toJSDate() : closes;
  }
  return deadline;
}

/** "tirsdag den 15. december 2026 kl. 08.00" */
export function offerDeadlineText(locale: Locale, deadline: Date): string {
  return translate(locale, "events.mailOfferDeadline", { date: formatDate(locale, deadline, "weekday"), time: formatDate(locale, deadline, "time") });
}
