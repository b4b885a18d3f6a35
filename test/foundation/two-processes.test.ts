import { spawn } from "node:child_process";
import { describe, expect, test } from "vitest";
import { db, prepareDb } from "~/lib/db.server";

/**
 * The server and a worker run on its own (`npm run worker`) write to one SQLite file. A transaction that read before
 * the other process committed could not write after it: SQLite answers "database is locked" at once (a stale WAL
 * snapshot cannot be upgraded, and the busy timeout does not apply), so a sign-up failed whenever the worker had just
 * marked a mail sent. Transactions begin IMMEDIATE (app/lib/db.server.ts): the other process waits instead.
 */
describe("a transaction beside another process that writes", () => {
  test("reads, lets the other process try to write, then writes: both writes land, neither fails", async () => {
    await prepareDb();
    const file = process.env.DATABASE_URL!.replace(/^file:/, "");
    await db.rateLimitHit.create({ data: { bucket: "two-processes:start" } });

    let other: ReturnType<typeof writeFromAnotherProcess> | undefined;
    await db.$transaction(async (tx) => {
      await tx.rateLimitHit.count({ where: { bucket: "two-processes:start" } });
      // the other process writes now, with the same 5 s busy timeout as ours: we go on once it is at its INSERT (a
      // deferred transaction would let it commit there, and our write below would then fail)
      other = writeFromAnotherProcess(file);
      await other.writing;
      await tx.rateLimitHit.create({ data: { bucket: "two-processes:ours" } });
    });
    const result = await other!.done;
    expect(result.output).toBe("written");
    expect(result.code).toBe(0);
    expect(await db.rateLimitHit.count({ where: { bucket: { in: ["two-processes:ours", "two-processes:theirs"] } } })).toBe(2);
  });
});

function writeFromAnotherProcess(file: string) {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(file)}, { timeout: 5000 });
    const insert = db.prepare("INSERT INTO RateLimitHit (bucket, createdAt) VALUES ('two-processes:theirs', 0)");
    process.stderr.write("writing");
    insert.run();
    process.stdout.write("written");
  `;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let errors = "";
  child.stdout.on("data", (d) => (output += String(d)));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on("exit", (code) => resolve({ code, output: output + errors.replace(/^writing/, "") })));
  // resolves when the other process is at its INSERT (or has ended without getting there)
  const writing = new Promise<void>((resolve) => {
    child.stderr.on("data", (d) => {
      errors += String(d);
      if (errors.startsWith("writing")) resolve();
    });
    void done.then(() => resolve());
  });
  return { writing, done };
}
