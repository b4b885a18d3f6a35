import { Prisma, type Event } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { db, readRows } from "~/lib/db.server";
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
  // Three SQL statements on the read-only connection: the staff's first page after signing in. Through Prisma's query
  // API these were six queries and some 4 ms of CPU per view, as `$queryRaw` ~1.3 ms (docs/decisions/0030-frame-cost.md).
  const [counts] = readRows<{ applications: number }>(Prisma.sql`SELECT COUNT(*) AS "applications" FROM "Organisation" WHERE "state" = ${"PENDING"}`);
  // the messages resting as failed or waiting, per mailing (batchId) and state; batchId null: single messages
  // (confirmations, changes, offers, reminders)
  const outbox = readRows<{ status: "FAILED" | "PENDING"; batchId: string | null; count: number }>(Prisma.sql`
    SELECT "status", "batchId", COUNT(*) AS "count" FROM "EmailOutbox"
    WHERE "status" IN (${"FAILED"}, ${"PENDING"}) GROUP BY "status", "batchId"`);
  const upcoming = readRows<Pick<Event, "id" | "title" | "kind" | "firstStartsAt" | "capacity" | "registeredPersons" | "waitingCount">>(
    Prisma.sql`
      SELECT "id", "title", "kind", "firstStartsAt", "capacity", "registeredPersons", "waitingCount" FROM "Event"
      WHERE "status" = ${"PUBLISHED"} AND "lastEndsAt" > ${now}
      ORDER BY "firstStartsAt" ASC, "id" ASC LIMIT 5`,
    { firstStartsAt: "date" },
  );
  const applications = counts?.applications ?? 0;
  const otherFailed = outbox.find((g) => g.status === "FAILED" && g.batchId === null)?.count ?? 0;
  const batches = (status: "FAILED" | "PENDING") =>
    outbox.flatMap((g) => (g.status === status && g.batchId !== null ? [{ batchId: g.batchId, count: g.count }] : []));
  const failed = batches("FAILED");
  const waiting = batches("PENDING");
  const ids = [...new Set([...failed, ...waiting].map((g) => g.batchId))];
  const [lastFailure, invitations] = await Promise.all([
    otherFailed
      ? db.emailOutbox.findFirst({ where: { status: "FAILED", batchId: null }, orderBy: { createdAt: "desc" }, select: { lastError: true } })
      : null,
    ids.length
      ? db.invitation.findMany({ where: { id: { in: ids } }, select: { id: true, subject: true, eventId: true, event: { select: { title: true } } } })
      : [],
  ]);
  const byId = new Map(invitations.map((i) => [i.id, i]));
  const mailings = (groups: typeof failed): MailingCount[] =>
    groups
      .flatMap((g) => {
        const invitation = byId.get(g.batchId);
        if (!invitation) return [];
        return [{ invitationId: invitation.id, eventId: invitation.eventId, subject: invitation.subject, eventTitle: invitation.event.title, count: g.count }];
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
