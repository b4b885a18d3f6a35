import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { deliverDue, resetTransport } from "~/lib/mail-worker.server";
import { queueEmail } from "~/lib/outbox.server";

// An SMTP server that refuses some recipients for good (550) and others for now (450), as real ones do.
let server: SMTPServer;
const accepted: string[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("gone")) return callback(Object.assign(new Error("No such user"), { responseCode: 550 }));
      if (address.address.startsWith("busy")) return callback(Object.assign(new Error("Try again later"), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        accepted.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  resetTransport();
});

afterAll(async () => {
  resetTransport();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("a recipient the SMTP server refuses", () => {
  it("fails for good on 5xx at once, waits on 4xx, and does not hold up the others", async () => {
    const queue = (to: string) => queueEmail(db, { kind: "test", dedupeKey: to, to, subject: "Hej", html: "<p>x</p>", text: "x" });
    const gone = await queue("gone@example.dk");
    const busy = await queue("busy@example.dk");
    await queue("fine@example.dk");
    expect(await deliverDue()).toMatchObject({ sent: 1, failed: 2, deferred: 0 });
    expect(accepted).toEqual(["fine@example.dk"]);
    const goneRow = await db.emailOutbox.findUniqueOrThrow({ where: { id: gone.id } });
    expect(goneRow).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(goneRow.lastError).toMatch(/550|No such user/);
    const busyRow = await db.emailOutbox.findUniqueOrThrow({ where: { id: busy.id } });
    expect(busyRow).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(busyRow.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });
});
