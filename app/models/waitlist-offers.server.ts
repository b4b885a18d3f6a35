import { hashToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { recountEvent } from "./registration-counts.server";
import { mailConfirmation } from "./registration-mail.server";
import { issueRegistrationLink } from "./registrations.server";
import { fillFromWaitlist } from "./waitlist.server";

/**
 * A waitlist offer answered through its link (/registrations/offer/<token>): accepting takes the held place and
 * mails the confirmation with a new private link; declining leaves the waitlist and passes the place on.
 */

async function findOffer(tx: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return tx.waitlistOffer.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { registration: true, event: { include: { sessions: { orderBy: { position: "asc" } } } } },
  });
}

export async function getOffer(token: string, now = new Date()) {
  const offer = await findOffer(db, token);
  if (!offer) return null;
  const open = offer.status === "OPEN" && offer.expiresAt > now;
  return {
    status: open ? ("OPEN" as const) : offer.status === "OPEN" ? ("EXPIRED" as const) : offer.status,
    expiresAt: offer.expiresAt,
    name: offer.registration.name,
    groupSize: offer.registration.groupSize,
    event: { id: offer.event.id, title: offer.event.title, sessions: offer.event.sessions.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt })) },
  };
}

export async function acceptOffer(token: string, now = new Date()): Promise<{ ok: true; token: string } | { ok: false; error: "not-found" | "expired" | "answered" }> {
  return db.$transaction(async (tx) => {
    const offer = await findOffer(tx, token);
    if (!offer) return { ok: false, error: "not-found" } as const;
    if (offer.status !== "OPEN") return { ok: false, error: offer.status === "EXPIRED" ? "expired" : "answered" } as const;
    if (offer.expiresAt <= now || offer.event.status !== "PUBLISHED") return { ok: false, error: "expired" } as const;
    await tx.waitlistOffer.update({ where: { id: offer.id }, data: { status: "ACCEPTED", answeredAt: now } });
    const registration = await tx.registration.update({
      where: { id: offer.registrationId },
      data: { status: "REGISTERED", registeredAt: now, waitlistedAt: null },
    });
    const privateToken = await issueRegistrationLink(tx, registration.id);
    await mailConfirmation(tx, offer.event, registration, privateToken, `registration-confirmation:${registration.id}:offer:${offer.id}`, now);
    await recountEvent(tx, offer.eventId);
    return { ok: true, token: privateToken } as const;
  }, TX_OPTIONS);
}

/** Declining an offer leaves the waitlist; the place passes on to the next. */
export async function declineOffer(token: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const offer = await findOffer(tx, token);
    if (!offer || offer.status !== "OPEN" || offer.expiresAt <= now) return false;
    await tx.waitlistOffer.update({ where: { id: offer.id }, data: { status: "DECLINED", answeredAt: now } });
    await tx.registration.update({ where: { id: offer.registrationId }, data: { status: "CANCELLED", cancelledAt: now } });
    await fillFromWaitlist(tx, offer.eventId, now);
    await recountEvent(tx, offer.eventId);
    return true;
  }, TX_OPTIONS);
}
