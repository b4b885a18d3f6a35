import ICAL from "ical.js";
import ical, { ICalCalendarMethod } from "ical-generator";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { backoffMs, deliverDue, MAX_ATTEMPTS, purgeSentMail, resetTransport, retryFailed, toMessage } from "~/lib/mail-worker.server";
import { queueEmail, type OutgoingEmail } from "~/lib/outbox.server";
import type { Received } from "../support/smtp";
import { smtpServerForFile } from "../support/smtp-hooks";

const smtp = smtpServerForFile();
let n = 0;

let smtpUp = true;
async function stopSmtp() {
  await smtp.stop();
  smtpUp = false;
  resetTransport();
}
async function startSmtp() {
  await smtp.start();
  smtpUp = true;
}

beforeEach(async () => {
  if (!smtpUp) await startSmtp(); // a test that failed while the server was away leaves it away
  smtp.clear();
});

function mail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  n++;
  return {
    kind: "test",
    dedupeKey: `test:${n}:${Math.random()}`,
    to: `person${n}@example.dk`,
    toName: `Person ${n}`,
    subject: `Emne ${n}`,
    html: `<p>Hej ${n}</p>`,
    text: `Hej ${n}`,
    ...overrides,
  };
}

/** Delivers until nothing is due (or a round makes no progress), like the worker's loop. */
async function deliverAll(now?: Date) {
  for (let round = 0; round < 20; round++) {
    const { sent, failed } = await deliverDue({ now });
    if (sent + failed === 0) return;
  }
}

function headerBlock(r: Received) {
  return r.raw.slice(0, r.raw.indexOf("\r\n\r\n"));
}

/** Header lines with folded continuations joined, so each entry is one whole header. */
function headerLines(r: Received) {
  return headerBlock(r).replace(/\r\n[ \t]+/g, " ").split("\r\n");
}

function calendar(method: ICalCalendarMethod, uid: string) {
  const cal = ical({ prodId: { company: "VINK", product: "Portal", language: "DA" }, method });
  cal.createEvent({
    id: uid,
    start: new Date("2027-03-04T17:00:00Z"),
    end: new Date("2027-03-04T19:00:00Z"),
    summary: "Kursus",
    sequence: method === ICalCalendarMethod.CANCEL ? 1 : 0,
  });
  return cal.toString();
}

describe("the outbox", () => {
  it("sends each message to exactly one recipient, in the envelope and in To", async () => {
    await queueEmail(db, mail({ to: "Anna.Holm@Example.dk", toName: "Anna Holm" }));
    await queueEmail(db, mail({ to: "bo@example.dk", toName: "Bo Lund" }));
    await deliverAll();
    const received = await smtp.waitFor(2);
    for (const r of received) {
      expect(r.envelope.to).toHaveLength(1);
      const to = r.mail.to && !Array.isArray(r.mail.to) ? r.mail.to.value : [];
      expect(to).toHaveLength(1);
      expect(to[0]!.address).toBe(r.envelope.to[0]);
      expect(headerLines(r).filter((l) => /^(cc|bcc):/i.test(l))).toEqual([]);
    }
    expect(received.map((r) => r.envelope.to[0]).sort()).toEqual(["anna.holm@example.dk", "bo@example.dk"]);
  });

  it("gives every row one stable Message-ID, the same on every attempt", async () => {
    const { id } = await queueEmail(db, mail());
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(toMessage(row).messageId).toBe(`<${id}@kk.dk>`);
    expect(toMessage({ ...row, attempts: 3 }).messageId).toBe(toMessage(row).messageId);
    await deliverAll();
    const [received] = await smtp.waitFor(1);
    expect(received!.mail.messageId).toBe(`<${id}@kk.dk>`);
  });

  it("never lets CR, LF or NUL in a name or subject reach a header", async () => {
    const hostile = "Eve\r\nBcc: spy@evil.example\r\nX-Evil: 1\0\nSubject: fake";
    await queueEmail(db, mail({ to: "eve@example.dk", toName: hostile, subject: `Hej\r\nBcc: spy@evil.example\nX-Evil: 2\0` }));
    // and a row written past queueEmail (an old row, another code path) is cleaned when sent
    await db.emailOutbox.create({
      data: { kind: "test", dedupeKey: "raw-row", toAddress: "raw@example.dk", toName: hostile, subject: hostile, html: "<p>x</p>", text: "x" },
    });
    await deliverAll();
    const received = await smtp.waitFor(2);
    for (const r of received) {
      const lines = headerLines(r);
      expect(lines.filter((l) => /^(bcc|cc|x-evil):/i.test(l))).toEqual([]);
      expect(lines.filter((l) => /^subject:/i.test(l))).toHaveLength(1);
      expect(headerBlock(r)).not.toContain("\0");
      expect(r.envelope.to).toHaveLength(1);
      expect(r.envelope.to[0]).not.toContain("evil");
    }
    const eve = received.find((r) => r.envelope.to[0] === "eve@example.dk")!;
    expect(eve.mail.subject).toBe("Hej Bcc: spy@evil.example X-Evil: 2");
  });

  it("refuses at queue time an address with a comma, two addresses or a line break, and unsafe extra headers", async () => {
    const bad = [
      "a@example.dk,b@example.dk",
      "a@example.dk, b@example.dk",
      "a@example.dk b@example.dk",
      "a@example.dk;b@example.dk",
      "Eve <eve@example.dk>",
      "a@example.dk\r\nBcc: spy@evil.example",
      "not-an-address",
    ];
    for (const to of bad) await expect(queueEmail(db, mail({ to })), to).rejects.toThrow(/invalid or multiple/);
    await expect(queueEmail(db, mail({ headers: { Bcc: "spy@evil.example" } }))).rejects.toThrow(/header/);
    await expect(queueEmail(db, mail({ headers: { "List-Unsubscribe": "<https://x>\r\nBcc: spy@evil.example" } }))).rejects.toThrow(
      /header/,
    );
    await expect(queueEmail(db, mail({ headers: { "Reply-To": "a@example.dk, b@example.dk" } }))).rejects.toThrow(/header/);
    expect(await db.emailOutbox.count()).toBe(0);
  });

  it("sends a calendar part as text/calendar with the row's method, attached once", async () => {
    for (const method of [ICalCalendarMethod.REQUEST, ICalCalendarMethod.CANCEL]) {
      smtp.clear();
      const uid = `event-42-${method}@vink.example`;
      const { id } = await queueEmail(
        db,
        mail({ calendar: { method: method as "REQUEST" | "CANCEL", content: calendar(method, uid), filename: "kursus.ics" } }),
      );
      await deliverAll();
      const [r] = await smtp.waitFor(1);
      const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
      expect(row.icsMethod).toBe(method);
      const types = [...r!.raw.matchAll(/^Content-Type: ([^\r\n;]+)(.*)$/gim)].map((m) => [m[1]!.toLowerCase(), m[2]!]);
      const calendarParts = types.filter(([type]) => type === "text/calendar");
      expect(calendarParts).toHaveLength(1);
      expect(calendarParts[0]![1]).toMatch(new RegExp(`method=${method}\\b`));
      // nodemailer adds one application/ics copy for clients that only show attachments; never a second one
      expect(types.filter(([type]) => type === "application/ics")).toHaveLength(1);
      const ics = r!.mail.attachments.find((a) => a.contentType === "text/calendar") ?? r!.mail.attachments[0]!;
      const parsed = new ICAL.Component(ICAL.parse(ics.content.toString("utf8")));
      expect(parsed.getFirstPropertyValue("method")).toBe(method);
      expect(parsed.getFirstSubcomponent("vevent")!.getFirstPropertyValue("uid")).toBe(uid);
    }
  });

  it("queues one message for one dedupe key, however often it is asked", async () => {
    const first = await queueEmail(db, mail({ dedupeKey: "invite:1:person", to: "once@example.dk" }));
    const second = await queueEmail(db, mail({ dedupeKey: "invite:1:person", to: "once@example.dk" }));
    expect(first.queued).toBe(true);
    expect(second).toEqual({ id: first.id, queued: false });
    await deliverAll();
    await deliverAll();
    // a message is sent when the server has taken it (250 after DATA, which TestSmtp gives once it holds the message):
    // after deliverAll nothing is still on its way
    expect(smtp.to("once@example.dk")).toHaveLength(1);
  });

  it("loses nothing and sends nothing twice while the SMTP server is away", async () => {
    await stopSmtp();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await queueEmail(db, mail({ to: `wait${i}@example.dk` }))).id);
    const start = new Date(Date.now() + 1);

    // away: every message waits, its attempt counted and its next attempt moved by the backoff
    const away = await deliverDue({ now: start });
    expect(away).toMatchObject({ sent: 0, deferred: 20 });
    let rows = await db.emailOutbox.findMany({ where: { id: { in: ids } } });
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "PENDING", attempts: 1, lockedUntil: null });
      expect(row.lastError).toBeTruthy();
      expect(row.nextAttemptAt.getTime()).toBe(start.getTime() + backoffMs(1));
    }
    // not due again before the backoff has passed
    expect(await deliverDue({ now: new Date(start.getTime() + backoffMs(1) - 1000) })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    // still away at the next attempt: the wait grows
    const second = new Date(start.getTime() + backoffMs(1));
    await deliverDue({ now: second });
    rows = await db.emailOutbox.findMany({ where: { id: { in: ids } } });
    for (const row of rows) {
      expect(row.attempts).toBe(2);
      expect(row.nextAttemptAt.getTime()).toBe(second.getTime() + backoffMs(2));
    }
    expect(backoffMs(2)).toBeGreaterThan(backoffMs(1));

    // back on the same port: everything goes, once
    await startSmtp();
    expect(smtp.url).toBe(process.env.SMTP_URL);
    await deliverAll(new Date(second.getTime() + backoffMs(2) + 1000));
    rows = await db.emailOutbox.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === "SENT" && r.lastError === null)).toBe(true);
    const received = smtp.received;
    expect(received).toHaveLength(20);
    expect(new Set(received.map((r) => r.envelope.to[0])).size).toBe(20);
    expect(new Set(received.map((r) => r.mail.messageId))).toEqual(new Set(ids.map((id) => `<${id}@kk.dk>`)));
  });

  it("lets two workers at once send each message once", async () => {
    for (let i = 0; i < 20; i++) await queueEmail(db, mail({ to: `pair${i}@example.dk` }));
    const [a, b] = await Promise.all([deliverDue(), deliverDue()]);
    expect(a.sent + b.sent).toBe(20);
    expect(smtp.received).toHaveLength(20);
    expect(new Set(smtp.received.map((r) => r.envelope.to[0])).size).toBe(20);
  });

  it("leaves a row another worker holds, and sends a crashed worker's row once its lock lapses", async () => {
    const { id } = await queueEmail(db, mail({ to: "held@example.dk" }));
    const lockedUntil = new Date(Date.now() + 60_000);
    await db.emailOutbox.update({ where: { id }, data: { lockedUntil } });
    expect(await deliverDue()).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(smtp.received).toHaveLength(0);
    // the holder died: after its lock the row goes, under the Message-ID it would have had
    expect(await deliverDue({ now: new Date(lockedUntil.getTime() + 1) })).toMatchObject({ sent: 1 });
    const [r] = await smtp.waitFor(1);
    expect(r!.mail.messageId).toBe(`<${id}@kk.dk>`);
  });

  it("rests a message as FAILED after MAX_ATTEMPTS with its error kept, and retryFailed puts it back", async () => {
    await stopSmtp();
    const { id } = await queueEmail(db, mail({ to: "late@example.dk", batchId: "batch-1" }));
    let now = new Date(Date.now() + 1);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverDue({ now });
      const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
      expect(row.attempts).toBe(attempt);
      expect(row.status).toBe(attempt < MAX_ATTEMPTS ? "PENDING" : "FAILED");
      now = new Date(row.nextAttemptAt.getTime() + 1);
    }
    const failed = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    // a FAILED row is left alone by later rounds
    expect(await deliverDue({ now: new Date(now.getTime() + 24 * 3600_000) })).toEqual({ sent: 0, failed: 0, deferred: 0 });

    await startSmtp();
    expect(await retryFailed({ batchId: "batch-1" })).toEqual({ count: 1 });
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PENDING", attempts: 0 });
    await deliverAll();
    await smtp.waitFor(1);
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", lastError: null });
  });
});

describe("keeping mail no longer than needed", () => {
  it("deletes sent mail 30 days after sending and failed mail 30 days after queueing, and nothing waiting", async () => {
    const day = 24 * 3600_000;
    const now = new Date("2027-06-01T10:00:00Z");
    const row = (key: string, status: "PENDING" | "SENT" | "FAILED", createdAt: Date, sentAt: Date | null = null) =>
      db.emailOutbox.create({
        data: { kind: "test", dedupeKey: key, toAddress: `${key}@example.dk`, subject: "x", html: "x", text: "x", status, createdAt, sentAt },
      });
    await row("oldsent", "SENT", new Date(now.getTime() - 40 * day), new Date(now.getTime() - 31 * day));
    await row("newsent", "SENT", new Date(now.getTime() - 40 * day), new Date(now.getTime() - 29 * day));
    await row("oldfailed", "FAILED", new Date(now.getTime() - 31 * day));
    await row("newfailed", "FAILED", new Date(now.getTime() - 29 * day));
    await row("oldpending", "PENDING", new Date(now.getTime() - 60 * day));
    expect(await purgeSentMail(now)).toEqual({ count: 2 });
    const left = await db.emailOutbox.findMany({ select: { dedupeKey: true }, orderBy: { dedupeKey: "asc" } });
    expect(left.map((r) => r.dedupeKey)).toEqual(["newfailed", "newsent", "oldpending"]);
  });
});
