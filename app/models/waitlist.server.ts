import { registrationOfferEmail } from "#emails/registration-offer";
import { renderEmail } from "#emails/render";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { localeOf } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import type { ScheduledTask } from "~/lib/scheduled.server";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { urls } from "~/lib/urls.server";
import { freePlaces, registrationClosesAt } from "./event-options";
import { countFill, loadEvent, recountEvent } from "./registration-counts.server";
import { mailEnded, registrationMailDetails } from "./registration-mail.server";
import { offerDeadline, offerDeadlineText } from "./waitlist-deadline.server";

/**
 * The waitlist moving on: a free place is offered to the next who waits (the offer holds the place until it is
 * answered or runs out), and an offer that ran out passes to the next. Answering an offer: ./waitlist-offers.server.ts.
 */

/**
 * Offers free places to the waitlist, first come first served, skipping a group that does not fit. While an offer
 * is open its persons hold the place, so no place is offered twice at once. Ends at offerDeadline.
 */
export async function fillFromWaitlist(tx: Db, eventId: string, now = new Date()): Promise<number> {
  const event = await loadEvent(tx, eventId);
  if (!event || event.status !== "PUBLISHED") return 0;
  const closes = registrationClosesAt(event);
  if (closes && closes <= now) return 0;
  const fill = await countFill(tx, eventId);
  let free = freePlaces(event.capacity, fill);
  if (free <= 0) return 0;
  const waiting = await tx.registration.findMany({
    where: { eventId, status: "WAITLISTED", offers: { none: { status: "OPEN" } } },
    orderBy: [{ waitlistedAt: "asc" }, { createdAt: "asc" }],
  });
  const expiresAt = offerDeadline(now, closes);
  let offered = 0;
  for (const registration of waiting) {
    if (free <= 0) break;
    if (registration.groupSize > free) continue;
    const token = randomToken();
    const offer = await tx.waitlistOffer.create({ data: { eventId, registrationId: registration.id, tokenHash: hashToken(token), expiresAt } });
    free -= registration.groupSize;
    offered++;
    if (registration.email) {
      const locale = localeOf(registration.locale);
      const mail = renderEmail(registrationOfferEmail, locale, {
        ...registrationMailDetails(event, registration, false),
        deadline: offerDeadlineText(locale, expiresAt),
        url: urls.offer(token),
      });
      await queueEmail(tx, { kind: "registration-offer", dedupeKey: `registration-offer:${offer.id}`, to: registration.email, toName: registration.name, ...mail });
    }
  }
  if (offered) await recountEvent(tx, eventId);
  return offered;
}

/** Scheduled: offers that ran out pass to the next (the person is told, and leaves the waitlist). */
export async function expireOffers(now = new Date()) {
  const due = await db.waitlistOffer.findMany({ where: { status: "OPEN", expiresAt: { lte: now } }, select: { id: true }, take: 500 });
  let expired = 0;
  for (const { id } of due) {
    await db.$transaction(async (tx) => {
      const offer = await tx.waitlistOffer.findUnique({ where: { id }, include: { registration: true, event: { include: { sessions: true } } } });
      if (!offer || offer.status !== "OPEN" || offer.expiresAt > now) return;
      await tx.waitlistOffer.update({ where: { id }, data: { status: "EXPIRED" } });
      expired++;
      if (offer.registration.status === "WAITLISTED") {
        const registration = await tx.registration.update({ where: { id: offer.registrationId }, data: { status: "CANCELLED", cancelledAt: now } });
        await mailEnded(tx, offer.event, registration, "offer-expired", false, now);
      }
      await fillFromWaitlist(tx, offer.eventId, now);
      await recountEvent(tx, offer.eventId);
    }, TX_OPTIONS);
  }
  return expired;
}

/** The waitlist's scheduled work: an offer that ran out passes to the next. */
export const waitlistTasks: ScheduledTask[] = [{ name: "expire-waitlist-offers", everyMs: 60_000, run: (now) => expireOffers(now) }];
