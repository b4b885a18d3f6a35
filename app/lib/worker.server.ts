import { prepareDb } from "./db.server";
import { deliverDue } from "./mail-worker.server";
import type { ScheduledTask } from "./scheduled.server";

/**
 * The background worker: delivers the outbox and runs the scheduled tasks it is given (app/scheduled-tasks.server.ts). Started by the server (and alone with
 * `npm run worker`). One loop, one round at a time, so rounds never overlap; a second worker in another process is
 * safe too, because each outbox row is claimed by one conditional update and every scheduled task is idempotent.
 */
let running = false;
let stopped: Promise<void> | undefined;
let wake: (() => void) | undefined;

export function startBackgroundWork(options: { tasks: readonly ScheduledTask[]; pollMs?: number }) {
  if (running) return;
  running = true;
  const pollMs = options.pollMs ?? 1000;
  const lastRun = new Map<string, number>();
  stopped = (async () => {
    while (running) {
      let busy = false;
      try {
        await prepareDb();
        const { sent, failed } = await deliverDue();
        // more may be waiting behind a full batch; an unreachable server (deferred) is not a reason to hurry
        busy = sent + failed > 0;
        const now = Date.now();
        for (const task of options.tasks) {
          if (!running) break;
          if (now - (lastRun.get(task.name) ?? 0) < task.everyMs) continue;
          lastRun.set(task.name, now);
          await task.run(new Date(now)).catch((error) => console.error(`Scheduled task ${task.name} failed:`, error));
        }
      } catch (error) {
        console.error("Worker round failed:", error);
      }
      if (!busy && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => (clearTimeout(timer), resolve());
        });
        wake = undefined;
      }
    }
  })();
}

/** Wakes the worker at once (after queueing mail, so it leaves without waiting for the next poll). */
export function nudgeWorker() {
  wake?.();
}

/** Lets the round in progress finish (a message being sent is sent and marked), then stops. */
export async function stopBackgroundWork() {
  running = false;
  wake?.();
  await stopped;
  stopped = undefined;
}
