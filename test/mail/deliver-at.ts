/**
 * A worker for tests that kill it mid-send: one deliverDue round at the clock given as the first argument, against
 * SMTP_URL and DATABASE_URL from the environment.
 */
import { prepareDb } from "~/lib/db.server";
import { deliverDue } from "~/lib/mail-worker.server";

await prepareDb();
await deliverDue({ now: new Date(process.argv[2] ?? Date.now()) });
