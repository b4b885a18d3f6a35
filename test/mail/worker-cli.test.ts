import { spawn } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDb } from "~/lib/db.server";
import { queueEmail } from "~/lib/outbox.server";
import { root } from "../support/db";
import { smtpServerForFile } from "../support/smtp-hooks";

const smtp = smtpServerForFile();

beforeAll(async () => {
  await prepareDb();
});

describe("npm run worker", () => {
  it("delivers the outbox on its own and stops cleanly on SIGTERM", { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/cli/worker.ts"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "development", SMTP_URL: smtp.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += String(d)));
    child.stderr.on("data", (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await expect.poll(() => output, { timeout: 40_000 }).toContain(`mail goes to smtp://127.0.0.1:${smtp.port}`);
      await queueEmail(db, { kind: "test", dedupeKey: "cli:1", to: "cli@example.dk", subject: "Fra arbejderen", html: "<p>x</p>", text: "x" });
      const [received] = await smtp.waitFor(1);
      expect(received!.envelope.to).toEqual(["cli@example.dk"]);
      await expect.poll(async () => (await db.emailOutbox.findUniqueOrThrow({ where: { dedupeKey: "cli:1" } })).status).toBe("SENT");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(output).toContain("VINK worker stopping (SIGTERM)");
  });
});
