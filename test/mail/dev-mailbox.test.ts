import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { deliverDue, getTransport, resetTransport } from "~/lib/mail-worker.server";
import { queueEmail } from "~/lib/outbox.server";
import { getDevMail, listDevMail } from "~/models/dev-mailbox.server";

describe("the development mailbox", () => {
  it("marks mail as sent without SMTP and keeps it readable, newest first", async () => {
    delete process.env.SMTP_URL;
    resetTransport();
    expect(getTransport()).toBeNull();
    const first = await queueEmail(db, { kind: "first", dedupeKey: "dev:1", to: "a@example.dk", toName: "Anne", subject: "Først", html: "<p>1</p>", text: "1" });
    // queued a minute before the next, without waiting a minute (or a few milliseconds, hoping the clock moved)
    await db.emailOutbox.update({ where: { id: first.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const { id } = await queueEmail(db, {
      kind: "second",
      dedupeKey: "dev:2",
      to: "b@example.dk",
      subject: "Derefter",
      html: "<p>2</p>",
      text: "2",
      calendar: { method: "REQUEST", content: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", filename: "kursus.ics" },
    });
    expect(await deliverDue()).toMatchObject({ sent: 2 });
    const list = await listDevMail();
    expect(list.map((m) => [m.kind, m.status])).toEqual([
      ["second", "SENT"],
      ["first", "SENT"],
    ]);
    expect(await getDevMail(id)).toMatchObject({ toAddress: "b@example.dk", text: "2", html: "<p>2</p>", icsMethod: "REQUEST" });
  });
});
