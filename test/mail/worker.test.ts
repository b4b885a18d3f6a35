import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { nextGroupSize } from "~/lib/mail-worker.server";
import { queueEmail } from "~/lib/outbox.server";
import { nudgeWorker, startBackgroundWork, stopBackgroundWork } from "~/lib/worker.server";
import { smtpServerForFile } from "../support/smtp-hooks";

const smtp = smtpServerForFile();

// runs before the SMTP server stops (vitest runs after-hooks in reverse order)
afterAll(async () => {
  await stopBackgroundWork();
});

describe("the background worker", () => {
  it("delivers queued mail by itself, and stops when asked", async () => {
    startBackgroundWork({ pollMs: 100, tasks: [] });
    const { id } = await queueEmail(db, {
      kind: "test",
      dedupeKey: "worker:1",
      to: "loop@example.dk",
      subject: "Fra løkken",
      html: "<p>Hej</p>",
      text: "Hej",
    });
    nudgeWorker();
    const [received] = await smtp.waitFor(1);
    expect(received!.envelope.to).toEqual(["loop@example.dk"]);
    await expect.poll(async () => (await db.emailOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("SENT");

    await stopBackgroundWork();
    await queueEmail(db, { kind: "test", dedupeKey: "worker:2", to: "after@example.dk", subject: "Efter", html: "<p>x</p>", text: "x" });
    await new Promise((r) => setTimeout(r, 400));
    expect(smtp.to("after@example.dk")).toHaveLength(0);
    expect(await db.emailOutbox.count({ where: { status: "PENDING" } })).toBe(1);
  });

  it("takes few messages at a time while the process is busy (serving pages), and full groups when it is not", async () => {
    nextGroupSize(); // from now
    const until = Date.now() + 300;
    while (Date.now() < until) {
      /* the event loop is busy, as under a crowd of page requests */
    }
    const whenBusy = nextGroupSize();
    await new Promise((r) => setTimeout(r, 300));
    const whenIdle = nextGroupSize();
    expect(whenBusy).toBeLessThan(whenIdle);
    expect(whenBusy).toBe(5);
    expect(whenIdle).toBe(25);
  });
});
