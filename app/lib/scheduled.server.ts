import { lapseUnsignedMembers, sendCharterReminders } from "~/models/forum.server";
import { sendEventReminders } from "~/models/reminders.server";
import { expireOffers } from "~/models/registrations.server";
import { retentionRules } from "~/models/retention.server";

/**
 * Scheduled work, run by the worker. Every task is idempotent and decides from the database what is due at `now`
 * (mail it queues carries a dedupe key), so a restart neither loses nor repeats anything. An area adds its tasks here;
 * deletion on a schedule is a retention rule instead (app/models/retention.server.ts), which the privacy page shows.
 */
export type ScheduledTask = { name: string; everyMs: number; run: (now: Date) => Promise<unknown> };

export const scheduledTasks: ScheduledTask[] = [
  // events: a waitlist offer that ran out passes to the next
  { name: "expire-waitlist-offers", everyMs: 60_000, run: (now) => expireOffers(now) },
  // Medborgerforum: charter reminders 14 and 3 days before the deadline, lapse after it
  { name: "forum-charter-reminders", everyMs: 60 * 60_000, run: (now) => sendCharterReminders(now) },
  { name: "forum-lapse-unsigned", everyMs: 10 * 60_000, run: (now) => lapseUnsignedMembers(now) },
  // Invitations: participants' reminders EVENT_REMINDER_DAYS before the first session
  { name: "event-reminders", everyMs: 10 * 60_000, run: (now) => sendEventReminders(now) },
  // Invitations staff scheduled: sent at their time, once (the draft is claimed by a conditional update)
  { name: "scheduled-invitations", everyMs: 60_000, run: (now) => import("~/models/invitations.server").then((m) => m.sendScheduledInvitations(now)) },
  { name: "evaluation-end-links", everyMs: 10 * 60_000, run: (now) => import("~/models/evaluations.server").then((m) => m.sendEndWaveLinks(now)) },
  // deletion: registrations, invitations, unconfirmed applications, mail, sessions, links, rate limits (privacy page)
  ...retentionRules.map((rule) => ({ name: rule.id, everyMs: rule.everyMs, run: rule.run })),
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
