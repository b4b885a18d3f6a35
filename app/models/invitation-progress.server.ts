import { db } from "~/lib/db.server";
import { localeOf } from "~/lib/i18n";
import { invitationKey, KIND_INVITATION } from "./invitation-mail.server";
import { optedOutSet } from "./optouts.server";

/**
 * What staff see of an invitation: the list of an event's invitations, one invitation with its event, the progress of
 * its send and each recipient's state — read from the outbox rows themselves (never copied) and the answers.
 */

export async function getInvitation(invitationId: string) {
  return db.invitation.findUnique({
    where: { id: invitationId },
    include: { event: { include: { sessions: { orderBy: { position: "asc" } } } }, _count: { select: { recipients: true } } },
  });
}

type Progress = { total: number; sent: number; failed: number; waiting: number; done: boolean };

/** Sent / failed / waiting for the invitation's own messages, straight from the outbox (rows purged after 30 days count as sent). */
export async function invitationProgress(invitationId: string): Promise<Progress | null> {
  const invitation = await db.invitation.findUnique({ where: { id: invitationId }, select: { sentAt: true } });
  if (!invitation) return null;
  const [groups, optedOut, total] = await Promise.all([
    db.emailOutbox.groupBy({ by: ["status"], where: { batchId: invitationId, kind: KIND_INVITATION }, _count: { _all: true } }),
    db.invitationRecipient.count({ where: { invitationId, optedOut: true } }),
    db.invitationRecipient.count({ where: { invitationId } }),
  ]);
  const count = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const mailed = invitation.sentAt ? total - optedOut : 0;
  const failed = count("FAILED");
  const waiting = count("PENDING");
  const sent = Math.max(0, mailed - failed - waiting);
  return { total: mailed, sent, failed, waiting, done: invitation.sentAt !== null && waiting === 0 };
}

export type RecipientState = "draft" | "waiting" | "sent" | "failed" | "yes" | "no" | "maybe" | "registered" | "waitlisted" | "opted-out";

/** Each recipient with the state of their mail (from the outbox row) and of their answer. */
export async function listRecipients(invitationId: string, options: { state?: string; q?: string; take?: number; skip?: number } = {}) {
  const invitation = await db.invitation.findUnique({ where: { id: invitationId }, select: { sentAt: true } });
  if (!invitation) return null;
  const [recipients, mails] = await Promise.all([
    db.invitationRecipient.findMany({ where: { invitationId }, orderBy: [{ name: "asc" }, { email: "asc" }] }),
    db.emailOutbox.findMany({
      where: { batchId: invitationId, kind: KIND_INVITATION },
      select: { dedupeKey: true, status: true, lastError: true, sentAt: true, attempts: true },
    }),
  ]);
  const mailByKey = new Map(mails.map((m) => [m.dedupeKey, m]));
  const registrationIds = recipients.map((r) => r.registrationId).filter((id): id is string => Boolean(id));
  const registrations = new Map<string, string>();
  for (let i = 0; i < registrationIds.length; i += 500) {
    const rows = await db.registration.findMany({ where: { id: { in: registrationIds.slice(i, i + 500) } }, select: { id: true, status: true } });
    for (const r of rows) registrations.set(r.id, r.status);
  }
  const optedOutNow = await optedOutSet(recipients.map((r) => r.email));
  const rows = recipients.map((r) => {
    const mail = mailByKey.get(invitationKey(invitationId, r.id));
    const mailState: "draft" | "waiting" | "sent" | "failed" | "opted-out" = !invitation.sentAt
      ? "draft"
      : r.optedOut
        ? "opted-out"
        : !mail
          ? "sent"
          : mail.status === "PENDING"
            ? "waiting"
            : mail.status === "FAILED"
              ? "failed"
              : "sent";
    const registration = r.registrationId ? registrations.get(r.registrationId) : undefined;
    let state: RecipientState = mailState;
    if (r.answer === "YES") state = registration === "REGISTERED" ? "registered" : registration === "WAITLISTED" ? "waitlisted" : "yes";
    else if (r.answer === "NO") state = "no";
    else if (r.answer === "MAYBE") state = "maybe";
    if (optedOutNow.has(r.email) && (state === "sent" || state === "waiting")) state = "opted-out";
    return {
      id: r.id,
      name: r.name,
      email: r.email,
      locale: localeOf(r.locale),
      state,
      mailState,
      error: mail?.status === "FAILED" ? mail.lastError : null,
      answeredAt: r.answeredAt,
      lastRemindedAt: r.lastRemindedAt,
    };
  });
  const q = options.q?.trim().toLowerCase();
  const filtered = rows.filter((r) => (!options.state || r.state === options.state) && (!q || r.email.includes(q) || r.name.toLowerCase().includes(q)));
  const counts: Partial<Record<RecipientState, number>> = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return { rows: filtered.slice(options.skip ?? 0, (options.skip ?? 0) + (options.take ?? 500)), total: filtered.length, counts };
}

/** Every invitation of an event (or of all events), newest first, with its numbers. */
export async function listInvitations(eventId?: string) {
  const invitations = await db.invitation.findMany({
    where: eventId ? { eventId } : {},
    orderBy: { createdAt: "desc" },
    take: 200,
    include: { event: { select: { id: true, title: true } }, _count: { select: { recipients: true } } },
  });
  return invitations.map((i) => ({
    id: i.id,
    subject: i.subject,
    eventId: i.event.id,
    eventTitle: i.event.title,
    createdAt: i.createdAt,
    sentAt: i.sentAt,
    recipients: i._count.recipients,
  }));
}

