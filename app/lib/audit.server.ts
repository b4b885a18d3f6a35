import type { Db } from "./db.server";

/**
 * Every change made by staff or an admin leaves an entry: who, what, which record, when. Written with the
 * caller's transaction so the entry exists exactly when the change does. Details hold ids and states, never
 * a relative's answers.
 */
export async function audit(
  tx: Db,
  entry: { actorId: string | null; action: string; entityType: string; entityId?: string | null; details?: unknown },
) {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
    },
  });
}
