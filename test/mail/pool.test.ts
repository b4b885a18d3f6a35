import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { deliverDue, getTransport } from "~/lib/mail-worker.server";
import { queueEmail } from "~/lib/outbox.server";
import { smtpServerForFile } from "../support/smtp-hooks";

const smtp = smtpServerForFile();

beforeEach(() => {
  smtp.clear();
});

async function queue(count: number, prefix: string) {
  for (let i = 0; i < count; i++) {
    await queueEmail(db, { kind: "test", dedupeKey: `${prefix}:${i}`, to: `${prefix}${i}@example.dk`, subject: "Hej", html: "<p>Hej</p>", text: "Hej" });
  }
}

async function deliverAll() {
  let sent = 0;
  for (let round = 0; round < 20; round++) {
    const result = await deliverDue();
    sent += result.sent;
    if (result.sent + result.failed + result.deferred === 0) break;
  }
  return sent;
}

describe("the SMTP pool", () => {
  it("sends a mailing over a few reused connections, not one connection per message", async () => {
    await queue(60, "pool");
    expect(await deliverAll()).toBe(60);
    await smtp.waitFor(60);
    expect(smtp.connections).toBeLessThanOrEqual(4);
    expect(smtp.mostOpenAtOnce).toBeLessThanOrEqual(4);

    // the next mailing reuses the same transport and its open connections
    const before = smtp.connections;
    await queue(30, "again");
    expect(await deliverAll()).toBe(30);
    await smtp.waitFor(90);
    expect(smtp.connections).toBeLessThanOrEqual(Math.max(before, 4));
  });

  it("is one pooled transport with explicit timeouts, read from SMTP_URL", () => {
    const transport = getTransport() as unknown as { transporter: { options: Record<string, unknown> } };
    expect(getTransport()).toBe(transport);
    expect(transport.transporter.options).toMatchObject({
      host: "127.0.0.1",
      port: smtp.port,
      pool: true,
      maxConnections: 4,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  });
});
