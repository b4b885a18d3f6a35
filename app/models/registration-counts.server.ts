import type { Registration } from "~/generated/prisma/client";
import type { Db } from "~/lib/db.server";

/**
 * How full an event is, counted from its registrations: persons with a place (a group of three takes three), persons
 * holding an open waitlist offer, registrations waiting. The event row carries the counts for the list pages;
 * whoever changes a registration's state recounts in the same transaction.
 */

export async function countFill(tx: Db, eventId: string) {
  const [registered, waiting, offers] = await Promise.all([
    tx.registration.aggregate({ where: { eventId, status: "REGISTERED" }, _sum: { groupSize: true } }),
    tx.registration.count({ where: { eventId, status: "WAITLISTED" } }),
    tx.waitlistOffer.findMany({ where: { eventId, status: "OPEN" }, select: { registration: { select: { groupSize: true } } } }),
  ]);
  return {
    registeredPersons: registered._sum.groupSize ?? 0,
    waitingCount: waiting,
    heldPersons: offers.reduce((n, o) => n + o.registration.groupSize, 0),
  };
}

/** Writes the fill counts onto the event (the list pages read them without counting). */
export async function recountEvent(tx: Db, eventId: string) {
  const fill = await countFill(tx, eventId);
  await tx.event.update({ where: { id: eventId }, data: fill });
  return fill;
}

/** A waiting registration's place in the queue (1 = next), null when it is not waiting. */
export async function waitlistPosition(tx: Db, registration: Pick<Registration, "eventId" | "waitlistedAt" | "status">) {
  if (registration.status !== "WAITLISTED" || !registration.waitlistedAt) return null;
  return tx.registration.count({ where: { eventId: registration.eventId, status: "WAITLISTED", waitlistedAt: { lte: registration.waitlistedAt } } });
}

/** An event with its sessions in order: what the registration rules and their mails read. */
export const loadEvent = (tx: Db, eventId: string) =>
  tx.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
