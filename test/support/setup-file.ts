import { rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { freshDbCopy } from "./db";

// Each test file gets its own database, copied from the migrated template, before any app module reads the settings.
process.env.NODE_ENV = "test";
const dbFile = freshDbCopy("unit");
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.APP_URL = "http://localhost:3999";
process.env.MAIL_FROM = "VINK <vink@kk.dk>";
process.env.MAIL_RATE_PER_SECOND = "10000";
delete process.env.SMTP_URL;

// A console.error during a test is a failure: errors must be handled, not logged and forgotten.
let errors: unknown[][] = [];
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});
afterEach(() => {
  const seen = errors;
  errors = [];
  if (seen.length) throw new Error(`console.error was called: ${seen.map((a) => a.map(String).join(" ")).join("\n")}`);
});
afterAll(async () => {
  const { db } = await import("~/lib/db.server");
  await db.$disconnect();
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(dbFile + suffix, { force: true });
});
