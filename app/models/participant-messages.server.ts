import { z } from "zod";
import { participantMessageEmail } from "#emails/participant-message";
import { renderEmail } from "#emails/render";
import { audit } from "~/lib/audit.server";
import { db } from "~/lib/db.server";
import { hasControlChars, hasControlCharsInText } from "~/lib/field-rules";
import { localeOf, type Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { AUDIENCES, type Audience } from "./participant-options";
import { eventMailDetails } from "./registration-mail.server";

/**
 * Staff write to an event's people (issue 9 item 4, like pretix's "send out emails"): those registered and/or those
 * waiting. Each recipient gets their own mail through the outbox (one row, one address: nobody sees another), under the
 * message's id as batchId with a dedupe key per registration, so a repeated request queues nothing twice. The message
 * row keeps no address; the outbox rows do (and are purged after 30 days), the row itself goes with the event's
 * registrations 90 days after it. No calendar file: nothing about the event changed.
 */

const KIND_PARTICIPANT_MESSAGE = "participant-message";
/** At most this many messages per staff member per hour: a slip of the finger cannot mail an event's people twenty times. */
export const MESSAGES_PER_HOUR = 10;

const text = (max: number, missing?: string) =>
  z
    .string()
    .default("")
    .transform((v) => v.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(missing ? 1 : 0, missing ?? "")
        .max(max, "participants.errorTooLong")
        .refine((v) => !hasControlCharsInText(v), "events.errorControl"),
    );

export const participantMessageSchema = z.object({
  audience: z.enum(AUDIENCES, { errorMap: () => ({ message: "participants.errorNoRecipients" }) }),
  subject: z
    .string()
    .default("")
    .transform((v) => v.trim())
    .pipe(z.string().min(1, "participants.errorSubject").max(150, "participants.errorTooLong").refine((v) => !hasControlChars(v), "events.errorControl")),
  messageDa: text(5000, "participants.errorMessage"),
  messageEn: text(5000),
});
type ParticipantMessageInput = z.infer<typeof participantMessageSchema>;

const statuses = (audience: Audience): ("REGISTERED" | "WAITLISTED")[] => (audience === "BOTH" ? ["REGISTERED", "WAITLISTED"] : [audience]);

/** Those the message goes to: registrations in the chosen state(s) that have an address (staff may add someone without). */
async function recipientsOf(eventId: string, audience: Audience) {
  return db.registration.findMany({
    where: { eventId, status: { in: statuses(audience) }, email: { not: "" } },
    select: { id: true, name: true, email: true, locale: true, status: true },
    orderBy: { createdAt: "asc" },
  });
}

/** How many each choice reaches, for the radio labels and the confirmation. */
export async function recipientCounts(eventId: string): Promise<Record<Audience, number>> {
  const rows = await db.registration.groupBy({ by: ["status"], where: { eventId, email: { not: "" }, status: { in: ["REGISTERED", "WAITLISTED"] } }, _count: { _all: true } });
  const of = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
  return { REGISTERED: of("REGISTERED"), WAITLISTED: of("WAITLISTED"), BOTH: of("REGISTERED") + of("WAITLISTED") };
}

const loadEvent = (eventId: string) => db.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
type LoadedEvent = NonNullable<Awaited<ReturnType<typeof loadEvent>>>;

function render(event: LoadedEvent, input: ParticipantMessageInput, recipient: { name: string; locale: Locale; waiting: boolean }) {
  const message = recipient.locale === "en" && input.messageEn ? input.messageEn : input.messageDa;
  return renderEmail(participantMessageEmail, recipient.locale, {
    ...eventMailDetails(event, recipient.name, recipient.locale),
    subject: input.subject,
    message,
    waiting: recipient.waiting,
  });
}

/** The mail as a registered Danish (and, if written, English) recipient gets it, with a placeholder name. */
export async function previewParticipantMessage(eventId: string, input: ParticipantMessageInput, name: string) {
  const event = await loadEvent(eventId);
  if (!event) return null;
  const waiting = input.audience === "WAITLISTED";
  return {
    da: render(event, input, { name, locale: "da", waiting }),
    en: render(event, input, { name, locale: "en", waiting }),
  };
}

export type SendResult = { ok: true; messageId: string; count: number } | { ok: false; error: "not-found" | "no-recipients" | "rate-limited" };

/** Writes the message row and one outbox row per recipient in one transaction; audited. */
export async function sendParticipantMessage(
  { actorId, eventId, input }: { actorId: string; eventId: string; input: ParticipantMessageInput },
  now = new Date(),
): Promise<SendResult> {
  const event = await loadEvent(eventId);
  if (!event) return { ok: false, error: "not-found" };
  const recent = await db.participantMessage.count({ where: { createdById: actorId, createdAt: { gt: new Date(now.getTime() - 3600_000) } } });
  if (recent >= MESSAGES_PER_HOUR) return { ok: false, error: "rate-limited" };
  const recipients = await recipientsOf(eventId, input.audience);
  if (recipients.length === 0) return { ok: false, error: "no-recipients" };
  return db.$transaction(async (tx) => {
    const message = await tx.participantMessage.create({
      data: { eventId, subject: input.subject, messageDa: input.messageDa, messageEn: input.messageEn || null, audience: input.audience, recipientCount: recipients.length, createdById: actorId, createdAt: now, sentAt: now },
    });
    for (const r of recipients) {
      const mail = render(event, input, { name: r.name, locale: localeOf(r.locale), waiting: r.status === "WAITLISTED" });
      await queueEmail(tx, { kind: KIND_PARTICIPANT_MESSAGE, dedupeKey: `${KIND_PARTICIPANT_MESSAGE}:${message.id}:${r.id}`, batchId: message.id, to: r.email, toName: r.name, ...mail });
    }
    await audit(tx, { actorId, action: "event.message", entityType: "Event", entityId: eventId, details: { messageId: message.id, audience: input.audience, recipients: recipients.length } });
    return { ok: true as const, messageId: message.id, count: recipients.length };
  }, TX_OPTIONS);
}

export async function listParticipantMessages(eventId: string) {
  return db.participantMessage.findMany({ where: { eventId }, orderBy: { createdAt: "desc" }, select: { id: true, subject: true, audience: true, recipientCount: true, createdAt: true } });
}

export async function getParticipantMessage({ eventId, messageId }: { eventId: string; messageId: string }) {
  return db.participantMessage.findFirst({ where: { id: messageId, eventId } });
}

type MessageProgress = { total: number; sent: number; failed: number; waiting: number; done: boolean };

/** Sent / failed / waiting, from the outbox (rows purged after 30 days count as sent). */
export async function participantMessageProgress(messageId: string): Promise<MessageProgress | null> {
  const message = await db.participantMessage.findUnique({ where: { id: messageId }, select: { recipientCount: true } });
  if (!message) return null;
  const groups = await db.emailOutbox.groupBy({ by: ["status"], where: { batchId: messageId, kind: KIND_PARTICIPANT_MESSAGE }, _count: { _all: true } });
  const count = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const failed = count("FAILED");
  const waiting = count("PENDING");
  const sent = Math.max(0, message.recipientCount - failed - waiting);
  return { total: message.recipientCount, sent, failed, waiting, done: waiting === 0 };
}

/** Each recipient's mail and its state, read from the outbox rows (the only place the addresses are kept). */
export async function participantMessageRecipients(messageId: string) {
  const rows = await db.emailOutbox.findMany({
    where: { batchId: messageId, kind: KIND_PARTICIPANT_MESSAGE },
    select: { id: true, toName: true, toAddress: true, status: true },
    orderBy: [{ toName: "asc" }, { toAddress: "asc" }],
    take: 5000,
  });
  return rows.map((r) => ({ id: r.id, name: r.toName ?? "", email: r.toAddress, state: r.status as "PENDING" | "SENT" | "FAILED" }));
}
