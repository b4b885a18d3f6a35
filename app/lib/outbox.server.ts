import { randomUUID } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import type { Db } from "./db.server";
import { isSingleAddress } from "./field-rules";

/**
 * The one way to send mail: write an outbox row with the caller's transaction, so the business change and its mail
 * commit together or not at all. The worker (app/lib/mail-worker.server.ts) delivers it.
 */
type CalendarPart = { method: "REQUEST" | "CANCEL" | "PUBLISH"; content: string; filename: string };

export type OutgoingEmail = {
  kind: string;
  /** unique per message: the same key twice queues one message (a retry of the request sends nothing twice) */
  dedupeKey: string;
  to: string;
  toName?: string | null;
  subject: string;
  html: string;
  text: string;
  calendar?: CalendarPart;
  headers?: Record<string, string>;
  batchId?: string;
  /** when the message may go; default now */
  notBefore?: Date;
};

// A header value may never carry a line break or NUL: that is how a typed name becomes an injected header.
const unsafeHeaderChars = /[\r\n\0\u2028\u2029]/;

export function cleanHeaderText(value: string): string {
  return value.replace(/[\r\n\0\u2028\u2029\t]+/g, " ").replace(/\s{2,}/g, " ").trim();
}

// Extra headers are for things like List-Unsubscribe; never one that adds a recipient or replaces what we set.
const headerName = /^[A-Za-z][A-Za-z0-9-]{0,60}$/;
const reservedHeaders = /^(to|cc|bcc|from|sender|subject|message-id|date|mime-version|content-.*|return-path|received)$/i;


/** The checked row for one message: refuses an invalid or multiple address and any header that could add a recipient. */
function outboxRow(mail: OutgoingEmail) {
  const to = mail.to.trim().toLowerCase();
  if (!isSingleAddress(to)) throw new Error(`Refusing to queue mail to an invalid or multiple address (${mail.kind})`);
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    const badReplyTo = /^reply-to$/i.test(name) && !isSingleAddress(value);
    if (!headerName.test(name) || reservedHeaders.test(name) || unsafeHeaderChars.test(value) || badReplyTo) {
      throw new Error(`Refusing to queue mail with the header ${JSON.stringify(name)} (${mail.kind})`);
    }
  }
  return {
    kind: mail.kind,
    dedupeKey: mail.dedupeKey,
    toAddress: to,
    toName: mail.toName ? cleanHeaderText(mail.toName).slice(0, 200) : null,
    subject: cleanHeaderText(mail.subject).slice(0, 300),
    html: mail.html,
    text: mail.text,
    icsMethod: mail.calendar?.method ?? null,
    icsContent: mail.calendar?.content ?? null,
    icsFilename: mail.calendar ? mail.calendar.filename.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 100) || "invitation.ics" : null,
    headers: mail.headers ? JSON.stringify(mail.headers) : null,
    batchId: mail.batchId ?? null,
    nextAttemptAt: mail.notBefore ?? new Date(),
  };
}

export async function queueEmail(tx: Db, mail: OutgoingEmail): Promise<{ id: string; queued: boolean }> {
  const data = outboxRow(mail);
  const existing = await tx.emailOutbox.findUnique({ where: { dedupeKey: mail.dedupeKey }, select: { id: true } });
  if (existing) return { id: existing.id, queued: false };
  const row = await tx.emailOutbox.create({ data, select: { id: true } });
  return { id: row.id, queued: true };
}

/**
 * A mailing (thousands of messages, e.g. an invitation) with the same checks as queueEmail; keys already queued, or
 * twice in the list, are skipped (the first one counts). Returns how many were queued.
 *
 * One parameterised multi-row INSERT per 66 messages (15 values each: within the 999 parameters Prisma allows SQLite)
 * whose ON CONFLICT on the unique dedupeKey does the skipping. Through createMany, Prisma's query compiler spent
 * 2.5–3.5 s on the 75,000 values of a 5,000-message invitation; this takes under a second. Written as Prisma writes a
 * row: dates as Prisma stores them (bound Date values), status and attempts from the column defaults; the id is a
 * random UUID where Prisma would make a cuid (ids are opaque; nothing sorts by them).
 */
export async function queueEmails(tx: Db, mails: OutgoingEmail[]): Promise<number> {
  const rows = mails.map(outboxRow);
  const createdAt = new Date();
  let queued = 0;
  for (let i = 0; i < rows.length; i += 66) {
    const values = rows
      .slice(i, i + 66)
      .map(
        (r) =>
          Prisma.sql`(${randomUUID()}, ${r.kind}, ${r.dedupeKey}, ${r.toAddress}, ${r.toName}, ${r.subject}, ${r.html}, ${r.text}, ${r.icsMethod}, ${r.icsContent}, ${r.icsFilename}, ${r.headers}, ${r.batchId}, ${r.nextAttemptAt}, ${createdAt})`,
      );
    queued += await tx.$executeRaw`INSERT INTO "EmailOutbox" ("id", "kind", "dedupeKey", "toAddress", "toName", "subject", "html", "text", "icsMethod", "icsContent", "icsFilename", "headers", "batchId", "nextAttemptAt", "createdAt")
      VALUES ${Prisma.join(values)} ON CONFLICT ("dedupeKey") DO NOTHING`;
  }
  return queued;
}
