import type { Db } from "./db.server";

/**
 * The one way to send mail: write an outbox row with the caller's transaction, so the business change and its mail
 * commit together or not at all. The worker (app/lib/mail-worker.server.ts) delivers it.
 */
export type CalendarPart = { method: "REQUEST" | "CANCEL" | "PUBLISH"; content: string; filename: string };

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

const singleAddress = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()"]+$/;

export function isSingleAddress(value: string): boolean {
  return value.length <= 254 && singleAddress.test(value) && !unsafeHeaderChars.test(value);
}

export async function queueEmail(tx: Db, mail: OutgoingEmail): Promise<{ id: string; queued: boolean }> {
  const to = mail.to.trim().toLowerCase();
  if (!isSingleAddress(to)) throw new Error(`Refusing to queue mail to an invalid or multiple address (${mail.kind})`);
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    const badReplyTo = /^reply-to$/i.test(name) && !isSingleAddress(value);
    if (!headerName.test(name) || reservedHeaders.test(name) || unsafeHeaderChars.test(value) || badReplyTo) {
      throw new Error(`Refusing to queue mail with the header ${JSON.stringify(name)} (${mail.kind})`);
    }
  }
  const existing = await tx.emailOutbox.findUnique({ where: { dedupeKey: mail.dedupeKey }, select: { id: true } });
  if (existing) return { id: existing.id, queued: false };
  const row = await tx.emailOutbox.create({
    data: {
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
    },
    select: { id: true },
  });
  return { id: row.id, queued: true };
}
