import { performance } from "node:perf_hooks";
import nodemailer, { type SendMailOptions } from "nodemailer";
import type { EmailOutbox } from "~/generated/prisma/client";
import { db } from "./db.server";
import { env, parseEnv } from "./env.server";
import { cleanHeaderText } from "./outbox.server";

/**
 * Delivers the outbox, at least once and in practice exactly once:
 * - each group of PARALLEL rows is claimed just before it is sent, by one conditional update that returns the rows it
 *   took (compare-and-set on status and lockedUntil), so two workers never both hold a row; the sent ones are marked
 *   in one update too (a query per message cost more CPU than the SMTP work, and slowed the pages during a mailing);
 * - a claim is a short lease (LEASE_MS) that the worker renews while the group is being sent, so a live worker keeps
 *   its rows however slow the SMTP server is, and the rows of a worker that died go again within a minute;
 * - it is sent with a Message-ID made from its id, so the one case that can repeat a message (a crash after the SMTP
 *   server accepted it and before it was marked) gives a copy that mail clients fold together; a row whose lease
 *   lapsed once is sent once more, and a row whose lease lapses a second time rests as FAILED, never a third copy;
 * - a failure waits 30 s, 1 min, 2 min, ... (at most an hour) and rests as FAILED after MAX_ATTEMPTS with its error
 *   kept; staff put it back with retryFailed. While the SMTP server is unreachable, every due message waits.
 * See docs/decisions/0004-outbox.md.
 */
export const MAX_ATTEMPTS = 12;
/** A claim's lease: a worker that died holds its rows no longer than this (plus one poll of the next worker). */
const LEASE_MS = 45_000;
/** How often a worker renews the lease of the rows it is sending: three chances before a lease would lapse. */
const RENEW_MS = LEASE_MS / 3;
/** Starts lastError of a row whose lease lapsed: the worker that held it stopped, perhaps after the SMTP server took it. */
const LAPSED = "[lease lapsed]";
const BATCH = 50;
/** messages handed to the SMTP pool at once; the pool spreads them over CONNECTIONS connections */
const PARALLEL = 25;
/**
 * …and while this process is busy (its event loop over BUSY_UTILISATION since the last group), only so many: people
 * waiting for a page come before a mailing, which is as good a few seconds later
 */
const PARALLEL_WHEN_BUSY = 5;
const BUSY_UTILISATION = 0.85;
const CONNECTIONS = 4;

let lastMark = performance.eventLoopUtilization();

/** How many messages the next group takes: fewer when this process's event loop (serving pages, mostly) was busy since the previous group. */
export function nextGroupSize(): number {
  const mark = performance.eventLoopUtilization();
  const { utilization } = performance.eventLoopUtilization(mark, lastMark);
  lastMark = mark;
  return utilization > BUSY_UTILISATION ? PARALLEL_WHEN_BUSY : PARALLEL;
}

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

type Transport = { sendMail(message: SendMailOptions): Promise<unknown>; close?(): void };

let transport: Transport | undefined;
let transportUrl: string | undefined;

/**
 * The SMTP transport, or null without SMTP_URL (development only: production refuses to start), when mail lands in
 * the dev mailbox at /dev/mail. The setting is read when a transport is opened, so resetTransport() picks up a change.
 */
export function getTransport(): Transport | null {
  if (transport) return transport;
  const url = parseEnv(process.env).SMTP_URL;
  if (!url) return null;
  transportUrl = url;
  // Pooled connections: a mailing to thousands must not pay a TCP (and TLS) handshake per message. One options object
  // with the URL in it: createTransport(url, options) would read the options as message defaults and ignore them.
  transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: 500,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return transport;
}

export function resetTransport() {
  transport?.close?.();
  transport = undefined;
  transportUrl = undefined;
}

/** Where mail goes now, for the start-up line: "smtp://host:port" without credentials, or null for the dev mailbox. */
export function mailDestination(): string | null {
  getTransport();
  if (!transportUrl) return null;
  const url = new URL(transportUrl);
  return `${url.protocol}//${url.host}`;
}

function domainOf(address: string) {
  return address.match(/@([^>\s]+)>?\s*$/)?.[1] ?? "vink.local";
}

/** The message for one row. Header text is cleaned again here, so a row written by any path cannot inject a header. */
export function toMessage(row: EmailOutbox): SendMailOptions {
  const from = env().MAIL_FROM;
  const extra = row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra)) headers[name] = cleanHeaderText(String(value));
  const name = row.toName ? cleanHeaderText(row.toName) : "";
  return {
    from,
    to: name ? { name, address: row.toAddress } : row.toAddress,
    // the envelope is set, not derived: exactly one recipient, whatever the headers say
    envelope: { from: addressOf(from), to: [row.toAddress] },
    subject: cleanHeaderText(row.subject),
    text: row.text,
    html: row.html,
    messageId: `<${row.id}@${domainOf(from)}>`,
    headers,
    icalEvent:
      row.icsContent && row.icsMethod
        ? { method: row.icsMethod, filename: row.icsFilename ?? "invitation.ics", content: row.icsContent }
        : undefined,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

function addressOf(from: string) {
  return from.match(/<([^>]+)>\s*$/)?.[1] ?? from.trim();
}

/** The ids of rows that are due, oldest first (a hint only: each is claimed on its own before it is sent). */
async function dueIds(now: Date, limit: number): Promise<string[]> {
  const rows = await db.emailOutbox.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
    orderBy: [{ nextAttemptAt: "asc" }, { createdAt: "asc" }],
    take: limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

const lapsedLease = (now: Date) => ({ lockedUntil: { not: null, lte: now } });
const notLapsedBefore = { OR: [{ lastError: null }, { NOT: { lastError: { startsWith: LAPSED } } }] };

/**
 * Takes these rows for this worker and returns the ones it got, with the lease they hold: a row another worker took,
 * or that was sent, in the meantime is not among them. Each step is one statement (UPDATE … RETURNING):
 * - a row whose lease lapsed for the second time rests as FAILED: it may have gone out twice already;
 * - a row whose lease lapsed for the first time is taken with its dead holder's attempt counted and LAPSED noted;
 * - a free row is taken as it is.
 * A new lease always ends later than the lapsed one it replaces, so a lease's end identifies its holder.
 */
async function claim(ids: string[], now: Date): Promise<{ rows: EmailOutbox[]; lease: Date }> {
  const lease = new Date(Math.max(now.getTime(), Date.now()) + LEASE_MS);
  const due = { id: { in: ids }, status: "PENDING" as const, nextAttemptAt: { lte: now } };
  await db.emailOutbox.updateMany({
    where: { ...due, ...lapsedLease(now), lastError: { startsWith: LAPSED } },
    data: {
      status: "FAILED",
      lockedUntil: null,
      attempts: { increment: 1 },
      lastError: `${LAPSED} twice: the workers sending it stopped before marking it; it may have been delivered`,
    },
  });
  const lapsed = await db.emailOutbox.updateManyAndReturn({
    where: { ...due, ...lapsedLease(now), ...notLapsedBefore },
    data: { lockedUntil: lease, attempts: { increment: 1 }, lastError: `${LAPSED} the worker sending it stopped before marking it` },
  });
  const fresh = await db.emailOutbox.updateManyAndReturn({ where: { ...due, lockedUntil: null }, data: { lockedUntil: lease } });
  return { rows: [...lapsed, ...fresh], lease };
}

/** Keeps this worker's lease on `ids` while it sends them; a row whose lease another worker took is left to it. */
function keepLease(ids: string[], lease: Date): { stop(): Promise<Date> } {
  let current = lease;
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    const next = new Date(Math.max(current.getTime(), Date.now()) + RENEW_MS);
    renewing = db.emailOutbox
      .updateMany({ where: { id: { in: ids }, status: "PENDING", lockedUntil: current }, data: { lockedUntil: next } })
      .then(() => (current = next))
      .catch((error) => console.error("Renewing the outbox lease failed:", error));
  }, RENEW_MS);
  timer.unref();
  return {
    /** stops renewing; returns the lease this worker's rows hold now */
    async stop() {
      clearInterval(timer);
      await renewing;
      return current;
    },
  };
}

/**
 * Sends what is due at `now`; returns how many were sent, failed (and will be retried or rest as FAILED), and were
 * deferred because the SMTP server could not be reached. At most MAIL_RATE_PER_SECOND messages a second, so a large
 * mailing neither swamps the SMTP server nor starves the portal's own requests.
 */
export async function deliverDue(
  options: { now?: Date; limit?: number } = {},
): Promise<{ sent: number; failed: number; deferred: number }> {
  const now = options.now ?? new Date();
  const ids = await dueIds(now, options.limit ?? BATCH);
  const smtp = getTransport();
  const perMessageMs = 1000 / env().MAIL_RATE_PER_SECOND;
  let sent = 0;
  let failed = 0;
  let deferred = 0;
  for (let start = 0; start < ids.length; ) {
    const group = ids.slice(start, (start += nextGroupSize()));
    const began = Date.now();
    const { rows, lease: claimedLease } = await claim(group, now);
    const leasing = keepLease(
      rows.map((r) => r.id),
      claimedLease,
    );
    const outcomes = await Promise.all(rows.map((row) => sendOne(row, smtp)));
    const lease = await leasing.stop();
    // Marked after the sending, outside its try: had marking failed there, a sent message would count as failed and go again.
    const delivered = outcomes.filter((o) => o.kind === "sent").map((o) => o.id);
    if (delivered.length) {
      await db.emailOutbox.updateMany({
        where: { id: { in: delivered } },
        data: { status: "SENT", sentAt: now, attempts: { increment: 1 }, lockedUntil: null, lastError: null },
      });
    }
    sent += delivered.length;
    const unreachable: string[] = [];
    let connectionError: unknown;
    for (const outcome of outcomes) {
      if (outcome.kind === "sent") continue;
      if (isConnectionError(outcome.error)) {
        unreachable.push(outcome.id);
        connectionError = outcome.error;
      } else {
        failed += await recordFailure([outcome.id], now, outcome.error, {
          held: new Set([outcome.id]),
          lease,
          permanent: isPermanentRejection(outcome.error),
        });
      }
    }
    if (connectionError !== undefined) {
      // The server is away: these messages and every other due one wait their turn; none is tried against a closed door.
      resetTransport();
      const rest = ids.slice(start);
      deferred += await recordFailure([...unreachable, ...rest], now, connectionError, { held: new Set(unreachable), lease });
      break;
    }
    const budget = group.length * perMessageMs;
    const spent = Date.now() - began;
    if (spent < budget) await sleep(budget - spent);
  }
  return { sent, failed, deferred };
}

type Outcome = { kind: "sent"; id: string } | { kind: "failed"; id: string; error: unknown };

/** Sends one claimed row (without SMTP_URL, in development, it only counts as sent: /dev/mail shows it). */
async function sendOne(row: EmailOutbox, smtp: Transport | null): Promise<Outcome> {
  try {
    if (smtp) await smtp.sendMail(toMessage(row));
    return { kind: "sent", id: row.id };
  } catch (error) {
    return { kind: "failed", id: row.id, error: error ?? new Error("unknown error") };
  }
}

/** Counts a failed attempt on each row (the one this worker holds, and due ones no other worker holds), backing it off. */
async function recordFailure(
  ids: string[],
  now: Date,
  error: unknown,
  { held, lease, permanent = false }: { held: Set<string>; lease?: Date; permanent?: boolean },
): Promise<number> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  let count = 0;
  for (const id of ids) {
    const row = await db.emailOutbox.findUnique({ where: { id }, select: { status: true, attempts: true, lockedUntil: true, lastError: true } });
    if (!row || row.status !== "PENDING") continue;
    const attempts = row.attempts + 1;
    // a row whose lease lapsed once keeps the note, so a second lapse retires it (at most one extra copy)
    const lapsedOnce = row.lastError?.startsWith(LAPSED) || (!held.has(id) && row.lockedUntil !== null);
    const result = await db.emailOutbox.updateMany({
      // only a row that is still as we read it and that no other worker is sending
      where: {
        id,
        status: "PENDING",
        attempts: row.attempts,
        ...(held.has(id) ? { lockedUntil: lease } : { OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] }),
      },
      data: {
        attempts,
        lockedUntil: null,
        lastError: lapsedOnce ? `${LAPSED} ${message}` : message,
        status: permanent || attempts >= MAX_ATTEMPTS ? "FAILED" : "PENDING",
        nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
      },
    });
    count += result.count;
  }
  return count;
}

function isConnectionError(error: unknown) {
  const code = (error as { code?: string })?.code;
  return ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "ECONNREFUSED", "ECONNRESET", "EDNS", "EGREETING", "ETLS", "EAUTH"].includes(
    code ?? "",
  );
}

/** The server refused this recipient or message for good (5xx): trying again cannot help. */
function isPermanentRejection(error: unknown) {
  const { code, responseCode } = (error ?? {}) as { code?: string; responseCode?: number };
  return (code === "EENVELOPE" || code === "EMESSAGE") && typeof responseCode === "number" && responseCode >= 500;
}

/** Puts FAILED rows back in the queue (staff "resend failed"): one mailing's (batchId), or the single messages' (batchId null). */
export async function retryFailed(where: { batchId?: string | null; ids?: string[] }, now = new Date()) {
  return db.emailOutbox.updateMany({
    where: { status: "FAILED", ...(where.batchId !== undefined ? { batchId: where.batchId } : {}), ...(where.ids ? { id: { in: where.ids } } : {}) },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: now, lockedUntil: null },
  });
}

/** How long the outbox keeps a message (its body holds personal data); the privacy page's table shows it. */
export const KEEP_SENT_MAIL_DAYS = 30;

/**
 * Mail holds personal data in its body: a sent message leaves the outbox 30 days after it was sent, a failed one 30
 * days after it was queued (staff have had a month to send it again).
 */
export async function purgeSentMail(now = new Date()) {
  const cutoff = new Date(now.getTime() - KEEP_SENT_MAIL_DAYS * 24 * 3600_000);
  return db.emailOutbox.deleteMany({
    where: { OR: [{ status: "SENT", sentAt: { lt: cutoff } }, { status: "FAILED", createdAt: { lt: cutoff } }] },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
