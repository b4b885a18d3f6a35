import { deleteUnconfirmedApplications, lapseUnsignedMembers, sendCharterReminders } from "~/models/forum.server";
import { deleteOldInvitations } from "~/models/invitations.server";
import { sendEventReminders } from "~/models/reminders.server";
import { deleteOldRegistrations, expireOffers } from "~/models/registrations.server";
import { db } from "./db.server";
import { purgeSentMail } from "./mail-worker.server";
import { pruneRateLimits } from "./rate-limit.server";

/**
 * Scheduled work, run by the worker. Every task is idempotent and decides from the database what is due at `now`
 * (mail it queues carries a dedupe key), so a restart neither loses nor repeats anything. An area adds its tasks here.
 */
export type ScheduledTask = { name: string; everyMs: number; run: (now: Date) => Promise<unknown> };

export const scheduledTasks: ScheduledTask[] = [
  // events: a waitlist offer that ran out passes to the next; registrations go 90 days after the event (privacy page)
  { name: "expire-waitlist-offers", everyMs: 60_000, run: (now) => expireOffers(now) },
  { name: "delete-old-registrations", everyMs: 60 * 60_000, run: (now) => deleteOldRegistrations(now) },
  { name: "purge-sent-mail", everyMs: 60 * 60_000, run: (now) => purgeSentMail(now) },
  { name: "prune-rate-limits", everyMs: 10 * 60_000, run: (now) => pruneRateLimits(now) },
  {
    name: "delete-expired-sessions-and-tokens",
    everyMs: 60 * 60_000,
    run: async (now) => {
      await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
      await db.authToken.deleteMany({ where: { expiresAt: { lte: new Date(now.getTime() - 24 * 3600_000) } } });
    },
  },
  // Medborgerforum: charter reminders 14 and 3 days before the deadline, lapse after it, unconfirmed applications go after 7 days
  { name: "forum-charter-reminders", everyMs: 60 * 60_000, run: (now) => sendCharterReminders(now) },
  { name: "forum-lapse-unsigned", everyMs: 10 * 60_000, run: (now) => lapseUnsignedMembers(now) },
  { name: "forum-delete-unconfirmed", everyMs: 60 * 60_000, run: (now) => deleteUnconfirmedApplications(now) },
  // Invitations: participants' reminders EVENT_REMINDER_DAYS before the first session; recipients go 90 days after the event
  { name: "event-reminders", everyMs: 10 * 60_000, run: (now) => sendEventReminders(now) },
  { name: "invitations-delete-old", everyMs: 60 * 60_000, run: (now) => deleteOldInvitations(now) },
  { name: "evaluation-end-links", everyMs: 10 * 60_000, run: (now) => import("~/models/evaluations.server").then((m) => m.sendEndWaveLinks(now)) },
];

/** Runs every task once (tests call this with a controlled clock). */
export async function runScheduledTasks(now = new Date(), tasks = scheduledTasks) {
  for (const task of tasks) {
    try {
      await task.run(now);
    } catch (error) {
      console.error(`Scheduled task ${task.name} failed:`, error);
    }
  }
}
