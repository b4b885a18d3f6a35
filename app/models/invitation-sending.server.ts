import type { ScheduledTask } from "~/lib/scheduled.server";
import { audit } from "~/lib/audit.server";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { retryFailed } from "~/lib/mail-worker.server";
import { queueEmail, queueEmails } from "~/lib/outbox.server";
import { nudgeWorker } from "~/lib/worker.server";
import { registrationWindow } from "./event-options";
import { issueInvitationLink } from "./invitation-answers.server";
import { invitationKey, invitationMailer, KIND_INVITATION, KIND_REMINDER, loadEvent } from "./invitation-mail.server";
import { optedOutSet } from "./optouts.server";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { sentCalendarSequences } from "./registration-mail.server";

/**
 * Sending a draft invitation (now or at a time staff chose), sending again what failed, and reminding those who have
 * not answered. Every mailing is queued in one transaction; a draft or a person is claimed by a conditional update
 * first, so a double click or a second tab sends nothing twice.
 */

const REMIND_INTERVAL_MS = 24 * 3600_000;

type SendResult = { ok: true; queued: number; optedOut: number } | { ok: false; error: "not-found" | "already-sent" | "event-closed" };

/**
 * Queues one message per recipient, in one transaction, after a last look at the opt-outs. Confirming twice (a
 * double click, a second tab) sends nothing twice: the draft is claimed by a conditional update first.
 */
export async function sendInvitation({ actorId, invitationId }: { actorId: string | null; invitationId: string }, now = new Date()): Promise<SendResult> {
  const result = await db.$transaction(async (tx): Promise<SendResult> => {
    const invitation = await tx.invitation.findUnique({ where: { id: invitationId } });
    if (!invitation) return { ok: false, error: "not-found" };
    if (invitation.sentAt) return { ok: false, error: "already-sent" };
    const event = await loadEvent(tx, invitation.eventId);
    if (!event || event.status !== "PUBLISHED" || (event.lastEndsAt && event.lastEndsAt <= now)) return { ok: false, error: "event-closed" };
    const claimed = await tx.invitation.updateMany({ where: { id: invitationId, sentAt: null }, data: { sentAt: now } });
    if (claimed.count !== 1) return { ok: false, error: "already-sent" };
    const recipients = await tx.invitationRecipient.findMany({ where: { invitationId }, orderBy: { createdAt: "asc" } });
    const optedOut = await optedOutSet(recipients.map((r) => r.email), tx);
    const leftOut = recipients.filter((r) => optedOut.has(r.email)).map((r) => r.id);
    for (let i = 0; i < leftOut.length; i += 500) {
      await tx.invitationRecipient.updateMany({ where: { id: { in: leftOut.slice(i, i + 500) } }, data: { optedOut: true } });
    }
    const going = recipients.filter((r) => !optedOut.has(r.email)).map((r) => ({ recipient: r, token: randomToken() }));
    // the personal links in bulk (a large mailing spends its time in queries, not in rendering)
    for (let i = 0; i < going.length; i += 500) {
      await tx.invitationLink.createMany({ data: going.slice(i, i + 500).map((g) => ({ recipientId: g.recipient.id, tokenHash: hashToken(g.token) })) });
    }
    const mail = invitationMailer(event, invitation, KIND_INVITATION, now, await sentCalendarSequences(tx, event.id));
    const queued = await queueEmails(
      tx,
      going.map(({ recipient: r, token }) => mail(r, invitationKey(invitationId, r.id), token)),
    );
    await audit(tx, { actorId, action: "invitation.send", entityType: "Invitation", entityId: invitationId, details: { eventId: event.id, queued, optedOut: optedOut.size } });
    return { ok: true, queued, optedOut: optedOut.size };
  }, TX_OPTIONS);
  if (result.ok) nudgeWorker();
  return result;
}

/**
 * Staff choose when the draft goes (or clear the time). The worker sends it then (sendScheduledInvitations); until
 * then it stays a draft that staff may still send, change the time of, or discard.
 */
export async function scheduleInvitation(
  { actorId, invitationId, when }: { actorId: string | null; invitationId: string; when: Date | null },
  now = new Date(),
) {
  if (when && when.getTime() <= now.getTime()) return { ok: false as const, error: "past" as const };
  return db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitationId, sentAt: null }, data: { scheduledFor: when } });
    if (!count) return { ok: false as const, error: "already-sent" as const };
    await audit(tx, { actorId, action: when ? "invitation.schedule" : "invitation.unschedule", entityType: "Invitation", entityId: invitationId, details: { scheduledFor: when?.toISOString() ?? null } });
    return { ok: true as const };
  }, TX_OPTIONS);
}

/** Scheduled task: drafts whose time has come are sent, once (sendInvitation claims the draft by a conditional update). */
async function sendScheduledInvitations(now = new Date()) {
  const due = await db.invitation.findMany({ where: { sentAt: null, scheduledFor: { lte: now } }, select: { id: true, createdById: true }, take: 20 });
  let sent = 0;
  for (const invitation of due) {
    const result = await sendInvitation({ actorId: invitation.createdById, invitationId: invitation.id }, now);
    if (result.ok) sent++;
    else if (result.error === "event-closed") await db.invitation.updateMany({ where: { id: invitation.id, sentAt: null }, data: { scheduledFor: null } });
  }
  return sent;
}

/** Staff "resend failed": the failed messages go back in the queue, as they are (their links stay valid). */
export async function resendFailed({ actorId, invitationId }: { actorId: string | null; invitationId: string }, now = new Date()) {
  const { count } = await retryFailed({ batchId: invitationId }, now);
  if (count) await audit(db, { actorId, action: "invitation.resend-failed", entityType: "Invitation", entityId: invitationId, details: { count } });
  if (count) nudgeWorker();
  return count;
}

/**
 * Who a reminder would reach now: not answered, not opted out, not reminded in the last day, their invitation
 * itself gone (not waiting, not failed) and sent at least 24 hours ago. Nobody, while any invitation mail of the
 * mailing still waits: staff remind only after the send has finished.
 */
async function dueReminders(tx: Db, invitationId: string, now: Date) {
  const invitation = await tx.invitation.findUnique({ where: { id: invitationId } });
  if (!invitation?.sentAt) return null;
  const event = await loadEvent(tx, invitation.eventId);
  if (!event || event.status !== "PUBLISHED" || registrationWindow(event, now) === "closed") return null;
  const dayAgo = new Date(now.getTime() - REMIND_INTERVAL_MS);
  const mails = await tx.emailOutbox.findMany({ where: { batchId: invitationId, kind: KIND_INVITATION }, select: { dedupeKey: true, status: true, sentAt: true } });
  if (mails.some((m) => m.status === "PENDING")) return { invitation, event, due: [] };
  const mailByKey = new Map(mails.map((m) => [m.dedupeKey, m]));
  const candidates = await tx.invitationRecipient.findMany({
    where: { invitationId, answer: null, optedOut: false, OR: [{ lastRemindedAt: null }, { lastRemindedAt: { lte: dayAgo } }] },
  });
  const optedOut = await optedOutSet(candidates.map((r) => r.email), tx);
  const due = candidates.filter((r) => {
    const mail = mailByKey.get(invitationKey(invitationId, r.id));
    // not to someone who opted out since, nor to someone whose invitation itself has not gone (or failed)
    if (optedOut.has(r.email) || (mail && mail.status !== "SENT")) return false;
    // never within 24 hours of their invitation (its delivery time when the outbox still has it)
    const invitedAt = mail?.sentAt && mail.sentAt > invitation.sentAt! ? mail.sentAt : invitation.sentAt!;
    return invitedAt <= dayAgo;
  });
  return { invitation, event, due };
}

/** How many a reminder would reach now (the number staff confirm). */
export async function countRemindable(invitationId: string, now = new Date()) {
  const found = await dueReminders(db, invitationId, now);
  return found?.due.length ?? 0;
}

/**
 * Reminds those who have not answered (and have not opted out): once per click, and never twice to the same person
 * within a day. Each person is claimed by a conditional update, so two clicks at once remind nobody twice.
 */
export async function remindNonAnswerers({ actorId, invitationId }: { actorId: string | null; invitationId: string }, now = new Date()) {
  const result = await db.$transaction(async (tx) => {
    const found = await dueReminders(tx, invitationId, now);
    if (!found) return 0;
    const { invitation, event, due } = found;
    const dayAgo = new Date(now.getTime() - REMIND_INTERVAL_MS);
    const mail = invitationMailer(event, invitation, KIND_REMINDER, now, await sentCalendarSequences(tx, event.id));
    let reminded = 0;
    for (const r of due) {
      const claimed = await tx.invitationRecipient.updateMany({
        where: { id: r.id, answer: null, OR: [{ lastRemindedAt: null }, { lastRemindedAt: { lte: dayAgo } }] },
        data: { lastRemindedAt: now },
      });
      if (claimed.count !== 1) continue;
      const token = await issueInvitationLink(tx, r.id);
      await queueEmail(tx, mail(r, `invitation-reminder:${r.id}:${now.getTime()}`, token));
      reminded++;
    }
    await audit(tx, { actorId, action: "invitation.remind", entityType: "Invitation", entityId: invitationId, details: { reminded } });
    return reminded;
  }, TX_OPTIONS);
  if (result) nudgeWorker();
  return result;
}

/** Invitations staff scheduled: sent at their time, once (the draft is claimed by a conditional update). */
export const invitationTasks: ScheduledTask[] = [{ name: "scheduled-invitations", everyMs: 60_000, run: (now) => sendScheduledInvitations(now) }];
