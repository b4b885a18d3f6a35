import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/lib/db.server";

/**
 * Registrations, attendance and invitation recipients are deleted 90 days after an event (privacy). Just before, in
 * the same transaction, their counts are added to the event's EventTally row — numbers only, no address or name — so
 * the yearly status (./status.server.ts) still counts a year whose events are older than that. Additive: an event
 * tallied in two batches sums up. docs/decisions/0024-yearly-status.md.
 */

/** Call with the events whose registrations are about to be deleted, in the deleting transaction. */
export async function tallyRegistrations(tx: Db, eventIds: string[]) {
  if (!eventIds.length) return;
  await tx.$executeRaw`
    INSERT INTO EventTally (eventId, registeredPersons, unmetDemand, attendances, attendanceRecorded, participants, updatedAt)
     SELECT r.eventId,
            SUM(CASE WHEN r.status = 'REGISTERED' THEN r.groupSize ELSE 0 END),
            SUM(CASE WHEN r.registeredAt IS NULL AND r.waitlistedAt IS NOT NULL THEN r.groupSize ELSE 0 END),
            COALESCE((SELECT SUM(CASE WHEN a.present THEN r2.groupSize ELSE 0 END) FROM SessionAttendance a JOIN Registration r2 ON r2.id = a.registrationId WHERE r2.eventId = r.eventId), 0),
            COALESCE((SELECT SUM(r2.groupSize) FROM SessionAttendance a JOIN Registration r2 ON r2.id = a.registrationId WHERE r2.eventId = r.eventId), 0),
            COALESCE((SELECT SUM(size) FROM (SELECT MAX(r2.groupSize) AS size FROM Registration r2
                       WHERE r2.eventId = r.eventId AND EXISTS (SELECT 1 FROM SessionAttendance a WHERE a.registrationId = r2.id AND a.present)
                       GROUP BY r2.email)), 0),
            strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now')
       FROM Registration r WHERE r.eventId IN (${Prisma.join(eventIds)}) GROUP BY r.eventId
     ON CONFLICT (eventId) DO UPDATE SET
       registeredPersons = registeredPersons + excluded.registeredPersons,
       unmetDemand = unmetDemand + excluded.unmetDemand,
       attendances = attendances + excluded.attendances,
       attendanceRecorded = attendanceRecorded + excluded.attendanceRecorded,
       participants = participants + excluded.participants,
       updatedAt = excluded.updatedAt`;
}

/** Call with the events whose invitations are about to be deleted, in the deleting transaction. */
export async function tallyInvitations(tx: Db, eventIds: string[]) {
  if (!eventIds.length) return;
  await tx.$executeRaw`
    INSERT INTO EventTally (eventId, mailings, invited, answered, updatedAt)
     SELECT i.eventId,
            COUNT(DISTINCT CASE WHEN i.sentAt IS NOT NULL THEN i.id END),
            SUM(CASE WHEN i.sentAt IS NOT NULL AND c.id IS NOT NULL AND NOT c.optedOut THEN 1 ELSE 0 END),
            SUM(CASE WHEN i.sentAt IS NOT NULL AND c.answer IS NOT NULL THEN 1 ELSE 0 END),
            strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now')
       FROM Invitation i LEFT JOIN InvitationRecipient c ON c.invitationId = i.id
      WHERE i.eventId IN (${Prisma.join(eventIds)}) GROUP BY i.eventId
     ON CONFLICT (eventId) DO UPDATE SET
       mailings = mailings + excluded.mailings,
       invited = invited + excluded.invited,
       answered = answered + excluded.answered,
       updatedAt = excluded.updatedAt`;
}
