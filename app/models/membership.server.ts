import { db } from "~/lib/db.server";

/**
 * Whether a user may use the member area: a contact person of an organisation whose forum membership is active.
 * The forum model refines this (approved, not suspended, not lapsed); the route guard asks only this function.
 */
export async function hasActiveMembership(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
  return !!user && user.role === "MEMBER" && !user.disabledAt;
}
