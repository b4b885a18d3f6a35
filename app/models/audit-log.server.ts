import { db } from "~/lib/db.server";

/** The audit log as admins read it. */

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first, with the actor's name and, for users, the name of the user acted on. */
export async function listAuditLog(page: number) {
  const total = await db.auditLog.count();
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const rows = await db.auditLog.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * AUDIT_PAGE_SIZE,
    take: AUDIT_PAGE_SIZE,
    select: { id: true, action: true, entityType: true, entityId: true, createdAt: true, actor: { select: { name: true } } },
  });
  const userIds = rows.filter((r) => r.entityType === "User" && r.entityId).map((r) => r.entityId!);
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  return {
    page: current,
    pages,
    total,
    entries: rows.map((r) => ({
      id: r.id,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      entityName: r.entityType === "User" && r.entityId ? (names.get(r.entityId) ?? null) : null,
      actorName: r.actor?.name ?? null,
      createdAt: r.createdAt,
    })),
  };
}
