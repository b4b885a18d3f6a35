import { audit } from "~/lib/audit.server";
import { db } from "~/lib/db.server";
import { retryFailed } from "~/lib/mail-worker.server";
import { nudgeWorker } from "~/lib/worker.server";

/** A mailing (an invitation's messages in the outbox) with how many of its messages are in one state. */
export type MailingCount = { invitationId: string; eventId: string; subject: string; eventTitle: string; count: number };

/**
 * The staff home: what needs a person now — applications waiting for review, invitations whose messages failed (the
 * invitation's page resends them) or are still waiting to go, and the next events with their fill. Counts and short
 * lists only, no personal data.
 */
export async function staffOverview(now = new Date()) {
  const [applications, otherFailed, lastFailure, failed, waiting, upcoming] = await Promise.all([
    db.organisation.count({ where: { state: "PENDING" } }),
    // single messages (confirmations, changes, offers, reminders) that rested as failed after every retry
    db.emailOutbox.count({ where: { status: "FAILED", batchId: null } }),
    db.emailOutbox.findFirst({ where: { status: "FAILED", batchId: null }, orderBy: { createdAt: "desc" }, select: { lastError: true } }),
    db.emailOutbox.groupBy({ by: ["batchId"], where: { status: "FAILED", batchId: { not: null } }, _count: { _all: true } }),
    db.emailOutbox.groupBy({ by: ["batchId"], where: { status: "PENDING", batchId: { not: null } }, _count: { _all: true } }),
    db.event.findMany({
      where: { status: "PUBLISHED", lastEndsAt: { gt: now } },
      orderBy: [{ firstStartsAt: "asc" }, { id: "asc" }],
      take: 5,
      select: { id: true, title: true, kind: true, firstStartsAt: true, capacity: true, registeredPersons: true, waitingCount: true },
    }),
  ]);
  const ids = [...new Set([...failed, ...waiting].map((g) => g.batchId!))];
  const invitations = ids.length
    ? await db.invitation.findMany({ where: { id: { in: ids } }, select: { id: true, subject: true, eventId: true, event: { select: { title: true } } } })
    : [];
  const byId = new Map(invitations.map((i) => [i.id, i]));
  const mailings = (groups: typeof failed): MailingCount[] =>
    groups
      .flatMap((g) => {
        const invitation = byId.get(g.batchId!);
        if (!invitation) return [];
        return [{ invitationId: invitation.id, eventId: invitation.eventId, subject: invitation.subject, eventTitle: invitation.event.title, count: g._count._all }];
      })
      .sort((a, b) => b.count - a.count);
  return {
    applications,
    failedMessages: { count: otherFailed, lastError: lastFailure?.lastError?.slice(0, 300) ?? null },
    failedMailings: mailings(failed),
    waitingMailings: mailings(waiting),
    upcoming,
  };
}

/** Staff "send again" for the single messages that failed (an invitation's are resent from its own page). Audited. */
export async function resendFailedMessages(actorId: string, now = new Date()) {
  const { count } = await retryFailed({ batchId: null }, now);
  if (count) {
    await audit(db, { actorId, action: "mail.resend-failed", entityType: "EmailOutbox", details: { count } });
    nudgeWorker();
  }
  return count;
}
