/**
 * Scheduled work, run by the worker (app/lib/worker.server.ts). Each area declares its tasks beside its rules
 * (`forumTasks`, `waitlistTasks`, …) and app/scheduled-tasks.server.ts lists them all; nothing here knows an area.
 * Every task is idempotent and decides from the database what is due at `now` (mail it queues carries a dedupe key),
 * so a restart neither loses nor repeats anything. Deleting personal data on a schedule is a retention rule instead
 * (app/models/retention.server.ts), which the privacy page shows.
 */
export type ScheduledTask = { name: string; everyMs: number; run: (now: Date) => Promise<unknown> };

/** Runs every task once, in order (tests call this with a controlled clock); one failing task does not stop the rest. */
export async function runTasks(tasks: readonly ScheduledTask[], now = new Date()) {
  for (const task of tasks) {
    try {
      await task.run(now);
    } catch (error) {
      console.error(`Scheduled task ${task.name} failed:`, error);
    }
  }
}
