import { spawn } from "node:child_process";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, prepareDb } from "~/lib/db.server";
import { SMTPServer } from "smtp-server";
import { deliverDue, resetTransport, retryFailed } from "~/lib/mail-worker.server";
import { queueEmail } from "~/lib/outbox.server";
import { root } from "../support/db";
import { smtpServerForFile } from "../support/smtp-hooks";

const smtp = smtpServerForFile();

/** An SMTP server that takes the connection and never answers: a worker sending to it is mid-send until killed. */
const sockets: Socket[] = [];
let connected: (() => void) | undefined;
const blackhole = createServer((socket) => {
  sockets.push(socket);
  connected?.();
});

beforeAll(async () => {
  await prepareDb();
  await new Promise<void>((resolve) => blackhole.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => blackhole.close(resolve));
});
beforeEach(() => {
  smtp.clear();
});

/** A worker in its own process claims what is due at `now`, starts sending it, and is killed (SIGKILL) mid-send. */
async function workerDiesWhileSending(now: Date) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/mail/deliver-at.ts", now.toISOString()], {
    cwd: root,
    env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${(blackhole.address() as AddressInfo).port}` },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<"exited">((resolve) => child.once("exit", () => resolve("exited")));
  const sending = new Promise<"sending">((resolve) => (connected = () => resolve("sending")));
  if ((await Promise.race([sending, exited])) === "exited") throw new Error("the worker found nothing to claim");
  child.kill("SIGKILL");
  await exited;
}

const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

describe("a worker that dies while sending", () => {
  it("leaves its messages to another worker within a minute, sent once more under the same Message-ID", { timeout: 60_000 }, async () => {
    const { id } = await queueEmail(db, { kind: "test", dedupeKey: "crash:1", to: "crash@example.dk", subject: "Hej", html: "<p>Hej</p>", text: "Hej" });
    const start = new Date();
    await workerDiesWhileSending(start);
    const held = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(held.status).toBe("PENDING");
    expect(held.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(held.lockedUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);

    // while the lease runs, no other worker sends it (the holder might still be alive)
    expect(await deliverDue()).toEqual({ sent: 0, failed: 0, deferred: 0 });
    // a minute after the crash it goes
    expect(await deliverDue({ now: later(start, 60_000) })).toMatchObject({ sent: 1 });
    const [received] = await smtp.waitFor(1);
    expect(received!.mail.messageId).toBe(`<${id}@kk.dk>`);
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", lockedUntil: null, lastError: null });
  });

  it("rests a message as FAILED when the worker that took it over dies too: never a third copy", { timeout: 60_000 }, async () => {
    const { id } = await queueEmail(db, { kind: "test", dedupeKey: "crash:2", to: "twice@example.dk", subject: "Hej", html: "<p>Hej</p>", text: "Hej" });
    const start = new Date();
    await workerDiesWhileSending(start);
    await workerDiesWhileSending(later(start, 60_000));
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PENDING", attempts: 1 });

    expect(await deliverDue({ now: later(start, 120_000) })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 2, lockedUntil: null });
    expect(row.lastError).toMatch(/twice/);
    expect(smtp.received).toHaveLength(0);

    // staff decide: "resend failed" sends it
    await retryFailed({ ids: [id] }, later(start, 180_000));
    expect(await deliverDue({ now: later(start, 180_000) })).toMatchObject({ sent: 1 });
    await smtp.waitFor(1);
  });

  it("keeps the rows of a live worker whose SMTP server is slow: its lease is renewed while it sends", { timeout: 60_000 }, async () => {
    // an SMTP server that takes the message and answers only when the test lets it
    let inData: (() => void) | undefined;
    let release: (() => void) | undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let accepted = 0;
    const slow = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on("end", () => {
          inData?.();
          void released.then(() => {
            accepted++;
            callback();
          });
        });
      },
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(slow.server.address() as AddressInfo).port}`;
    resetTransport();
    try {
      const { id } = await queueEmail(db, { kind: "test", dedupeKey: "slow:1", to: "slow@example.dk", subject: "Hej", html: "<p>Hej</p>", text: "Hej" });
      const sending = new Promise<void>((resolve) => (inData = resolve));
      const first = deliverDue();
      await sending;
      const lease = (await db.emailOutbox.findUniqueOrThrow({ where: { id } })).lockedUntil!;
      // the worker renews its lease while the server keeps it waiting
      await expect
        .poll(async () => (await db.emailOutbox.findUniqueOrThrow({ where: { id } })).lockedUntil!.getTime(), { timeout: 30_000, interval: 500 })
        .toBeGreaterThan(lease.getTime());
      // so another worker, once the first lease would have ended, leaves the row to it
      expect(await deliverDue({ now: later(lease, 1) })).toEqual({ sent: 0, failed: 0, deferred: 0 });
      release!();
      expect(await first).toMatchObject({ sent: 1 });
      expect(accepted).toBe(1);
      expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", lockedUntil: null });
    } finally {
      release!();
      resetTransport();
      process.env.SMTP_URL = smtp.url;
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});
