import { db } from "~/lib/db.server";
import { tallyInvitations } from "./status-tally.server";

/**
 * How long invitations are kept, and the deletion that keeps to it (a rule in app/models/retention.server.ts, which
 * the privacy page shows): the names and addresses of those invited go 90 days after the event's last day.
 */
export const INVITATIONS_KEEP_DAYS = 90;

/** Scheduled: the invitations of events that ended more than INVITATIONS_KEEP_DAYS ago, their counts kept as numbers. */
export async function deleteOldInvitations(now = new Date()) {
  const cutoff = new Date(now.getTime() - INVITATIONS_KEEP_DAYS * 86_400_000);
  const events = await db.invitation.findMany({ where: { event: { lastEndsAt: { lt: cutoff } } }, select: { eventId: true }, distinct: ["eventId"], take: 200 });
  if (events.length === 0) return 0;
  const ids = events.map((e) => e.eventId);
  return db.$transaction(async (tx) => {
    await tallyInvitations(tx, ids); // the yearly status keeps the counts, numbers only
    const { count } = await tx.invitation.deleteMany({ where: { eventId: { in: ids } } });
    return count;
  });
}
