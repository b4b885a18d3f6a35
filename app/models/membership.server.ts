import { db } from "~/lib/db.server";

/**
 * The forum's answer to "is this user a member now?", for the route guard and for other areas (events, invitations).
 * The forum model owns the rules (approved, not suspended, not lapsed on the charter); other areas ask only these.
 */
export type Membership = { organisationId: string; organisationName: string };

export type MemberContact = { userId: string; email: string; name: string; locale: string; organisationId: string; organisationName: string };

export async function getActiveMembership(userId: string): Promise<Membership | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
  if (!user || user.role !== "MEMBER" || user.disabledAt) return null;
  return null; // until the forum's organisations exist, nobody is a member
}

export async function hasActiveMembership(userId: string): Promise<boolean> {
  return (await getActiveMembership(userId)) !== null;
}

/** Every contact person of every organisation with active membership (optionally only those working in districts). */
export async function listActiveMemberContacts(_filter: { districts?: string[] } = {}): Promise<MemberContact[]> {
  return [];
}
