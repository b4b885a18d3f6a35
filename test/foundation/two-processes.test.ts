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

    let other: Promise<{ code: number | null; output: string }> | undefined;
    await db.$transaction(async (tx) => {
      await tx.rateLimitHit.count({ where: { bucket: "two-processes:start" } });
      // the other process writes now, with the same 5 s busy timeout as ours
      other = writeFromAnotherProcess(file);
      await new Promise((r) => setTimeout(r, 700));
      await tx.rateLimitHit.create({ data: { bucket: "two-processes:ours" } });
    });
    const result = await other!;
    expect(result.output).toBe("written");
    expect(result.code).toBe(0);
    expect(await db.rateLimitHit.count({ where: { bucket: { in: ["two-processes:ours", "two-processes:theirs"] } } })).toBe(2);
  });
});

function writeFromAnotherProcess(file: string) {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(file)}, { timeout: 5000 });
    db.prepare("INSERT INTO RateLimitHit (bucket, createdAt) VALUES ('two-processes:theirs', 0)").run();
    process.stdout.write("written");
  `;
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += String(d)));
    child.stderr.on("data", (d) => (output += String(d)));
    child.on("exit", (code) => resolve({ code, output }));
  });
}
