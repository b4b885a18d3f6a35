/**
 * npm run worker
 * Runs the background worker alone: delivers the outbox and runs the scheduled tasks, without serving pages. Use it
 * beside servers started with START_WORKER=false; running it beside a server's own worker is safe too (each outbox
 * row is claimed by one conditional update, every scheduled task is idempotent). Stops cleanly on SIGINT and SIGTERM: the message
 * being sent is sent and marked first.
 */
import { db, prepareDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { mailDestination } from "~/lib/mail-worker.server";
import { stopBackgroundWork } from "~/lib/worker.server";
import { startWorker } from "~/scheduled-tasks.server";

try {
  env();
  await prepareDb();
} catch (error) {
  console.error(`VINK worker cannot start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const destination = mailDestination();
console.log(`VINK worker running; mail goes to ${destination ?? "the development mailbox (/dev/mail)"}`);
startWorker();

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`VINK worker stopping (${signal})`);
  await stopBackgroundWork();
  await db.$disconnect();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(signal));
