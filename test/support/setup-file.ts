import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { freshDbCopy, removeDb, replaceWithTemplate } from "./db";

// Each test file has its own database file, named before any app module reads the settings; each test then starts
// on a new copy of the migrated template there (beforeEach below), so a test sees only what it made itself.
process.env.NODE_ENV = "test";
const dbFile = freshDbCopy("unit");
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.APP_URL = "http://localhost:3999";
process.env.MAIL_FROM = "VINK <vink@kk.dk>";
process.env.MAIL_RATE_PER_SECOND = "10000";
delete process.env.SMTP_URL;

// A fresh database per test: `db` (the same object in every module that imported it) closes its connection, the file
// is replaced by a copy of the template, and the next query opens it, prepared as the server prepares its own.
beforeEach(async () => {
  const { reopenDbForTests } = await import("~/lib/db.server");
  await reopenDbForTests(() => replaceWithTemplate(dbFile));
});

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
  removeDb(dbFile);
});
