import { db } from "~/lib/db.server";
import { tallyRegistrations } from "./status-tally.server";

/** How long registrations are kept: 90 days after the event's last day (privacy); the yearly status keeps the counts. */

export const DELETE_AFTER_DAYS = 90;

/** Scheduled: registrations (names, answers, tokens, attendance) go 90 days after the event's last day. */
export async function deleteOldRegistrations(now = new Date()) {
  const cutoff = new Date(now.getTime() - DELETE_AFTER_DAYS * 86_400_000);
  const events = await db.event.findMany({ where: { lastEndsAt: { lt: cutoff }, registrations: { some: {} } }, select: { id: true }, take: 200 });
  if (events.length === 0) return 0;
  const ids = events.map((e) => e.id);
  return db.$transaction(async (tx) => {
    await tallyRegistrations(tx, ids); // the yearly status keeps the counts, numbers only
    const { count } = await tx.registration.deleteMany({ where: { eventId: { in: ids } } });
    // what staff wrote to these people goes with them (app/models/participant-messages.server.ts)
    await tx.participantMessage.deleteMany({ where: { eventId: { in: ids } } });
    return count;
  });
}
