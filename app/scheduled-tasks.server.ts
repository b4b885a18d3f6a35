import type { ScheduledTask } from "./lib/scheduled.server";
import { startBackgroundWork } from "./lib/worker.server";
import { evaluationTasks } from "./models/evaluation-answers.server";
import { forumTasks } from "./models/charter-signing.server";
import { invitationTasks } from "./models/invitation-sending.server";
import { waitlistTasks } from "./models/waitlist.server";
import { reminderTasks } from "./models/reminders.server";
import { retentionTasks } from "./models/retention.server";

/**
 * Every scheduled task of every area, in the order the worker runs them. An area declares its tasks beside its rules;
 * this list is the only place that knows them all (app/lib stays free of the areas).
 */
export const scheduledTasks: readonly ScheduledTask[] = [
  ...waitlistTasks,
  ...forumTasks,
  ...reminderTasks,
  ...invitationTasks,
  ...evaluationTasks,
  ...retentionTasks,
];

/** The worker with every area's tasks: started by the server (app/server.js through the build) and by `npm run worker`. */
export function startWorker(options: { pollMs?: number } = {}) {
  startBackgroundWork({ ...options, tasks: scheduledTasks });
}
