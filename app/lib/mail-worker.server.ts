import nodemailer, { type SendMailOptions } from "nodemailer";
import type { EmailOutbox } from "~/generated/prisma/client";
import { db } from "./db.server";
import { env } from "./env.server";
import { cleanHeaderText } from "./outbox.server";

/**
 * Delivers the outbox. A row is claimed by setting lockedUntil (so two workers never send the same row), sent
 * with a Message-ID made from its id (so a crash between sending and marking costs at most one duplicate, which
 * mail clients fold together), then marked. A failure waits 30 s, 1 min, 2 min, ... and rests as FAILED after
 * MAX_ATTEMPTS with its error kept.
 */
export const MAX_ATTEMPTS = 8;
const LOCK_MS = 2 * 60_000;
const BATCH = 50;

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

type Transport = { sendMail(message: SendMailOptions): Promise<unknown>; close?(): void };

let transport: Transport | undefined;

/** Without SMTP_URL (development only: production refuses to start) mail lands in the dev mailbox at /dev/mail. */
export function getTransport(): Transport | null {
  const url = env().SMTP_URL;
  if (!url) return null;
  transport ??= nodemailer.createTransport(url, { pool: false, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as object);
  return transport;
}

export function resetTransport() {
  transport?.close?.();
  transport = undefined;
}

function domainOf(address: string) {
  return address.match(/@([^>\s]+)>?\s*$/)?.[1] ?? "vink.local";
}

export function toMessage(row: EmailOutbox): SendMailOptions {
  const from = env().MAIL_FROM;
  const extra = row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {};
  return {
    from,
    to: row.toName ? { name: cleanHeaderText(row.toName), address: row.toAddress } : row.toAddress,
    subject: cleanHeaderText(row.subject),
    text: row.text,
    html: row.html,
    messageId: `<${row.id}@${domainOf(from)}>`,
    headers: extra,
    icalEvent:
      row.icsContent && row.icsMethod
        ? { method: row.icsMethod, filename: row.icsFilename ?? "invitation.ics", content: row.icsContent }
        : undefined,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** Claims the rows that are due, oldest first; each is locked for a while so no other worker takes it. */
async function claim(now: Date, limit: number): Promise<EmailOutbox[]> {
  return db.$transaction(async (tx) => {
    const due = await tx.emailOutbox.findMany({
      where: {
        status: "PENDING",
        nextAttemptAt: { lte: now },
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      },
      orderBy: { nextAttemptAt: "asc" },
      take: limit,
    });
    if (due.length === 0) return [];
    await tx.emailOutbox.updateMany({
      where: { id: { in: due.map((r) => r.id) } },
      data: { lockedUntil: new Date(now.getTime() + LOCK_MS) },
    });
    return due;
  });
}

/**
 * Sends what is due now; returns how many were sent and failed. Rate: at most MAIL_RATE_PER_SECOND messages a
 * second, so a large mailing does not swamp the SMTP server or starve the portal's own requests.
 */
export async function deliverDue(options: { now?: Date; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const now = options.now ?? new Date();
  const rows = await claim(now, options.limit ?? BATCH);
  const smtp = getTransport();
  const perMessageMs = 1000 / env().MAIL_RATE_PER_SECOND;
  let sent = 0;
  let failed = 0;
  for (const row of rows) {
    const started = Date.now();
    try {
      if (smtp) await smtp.sendMail(toMessage(row));
      await db.emailOutbox.update({
        where: { id: row.id },
        data: { status: "SENT", sentAt: new Date(), attempts: { increment: 1 }, lockedUntil: null, lastError: null },
      });
      sent++;
    } catch (error) {
      failed++;
      const attempts = row.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      await db.emailOutbox.update({
        where: { id: row.id },
        data: {
          attempts,
          lockedUntil: null,
          lastError: message.slice(0, 1000),
          status: attempts >= MAX_ATTEMPTS ? "FAILED" : "PENDING",
          nextAttemptAt: new Date(Date.now() + backoffMs(attempts)),
        },
      });
      if (isConnectionError(error)) {
        // The server is away: leave the rest for the next round instead of failing each of them now.
        resetTransport();
        await releaseLocks(rows.slice(rows.indexOf(row) + 1).map((r) => r.id));
        break;
      }
    }
    const spent = Date.now() - started;
    if (spent < perMessageMs) await sleep(perMessageMs - spent);
  }
  return { sent, failed };
}

async function releaseLocks(ids: string[]) {
  if (ids.length) await db.emailOutbox.updateMany({ where: { id: { in: ids } }, data: { lockedUntil: null } });
}

function isConnectionError(error: unknown) {
  const code = (error as { code?: string })?.code;
  return code === "ECONNECTION" || code === "ETIMEDOUT" || code === "ESOCKET" || code === "ECONNREFUSED" || code === "EDNS";
}

/** Puts FAILED rows back in the queue (staff "resend failed"). */
export async function retryFailed(where: { batchId?: string; ids?: string[] }) {
  return db.emailOutbox.updateMany({
    where: { status: "FAILED", ...(where.batchId ? { batchId: where.batchId } : {}), ...(where.ids ? { id: { in: where.ids } } : {}) },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null },
  });
}

/** Sent mail holds personal data in its body: it leaves the outbox after 30 days. */
export async function purgeSentMail(now = new Date()) {
  const cutoff = new Date(now.getTime() - 30 * 24 * 3600_000);
  return db.emailOutbox.deleteMany({ where: { status: "SENT", sentAt: { lt: cutoff } } });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
