import { db } from "~/lib/db.server";
import { splitDistricts } from "./forum-rules";

/**
 * The forum's answer to "is this user a member now?", for the route guard and for other areas (events, invitations).
 * The forum model owns the rules (approved, not suspended, not lapsed on the charter); other areas ask only these.
 * A member is a contact person of an organisation in state APPROVED: suspending or lapsing an organisation takes
 * member access from all its contacts at the next request. One indexed lookup (OrganisationContact.userId is unique).
 */
export type Membership = { organisationId: string; organisationName: string };

export type MemberContact = { userId: string; email: string; name: string; locale: string; organisationId: string; organisationName: string };

export async function getActiveMembership(userId: string): Promise<Membership | null> {
  const contact = await db.organisationContact.findUnique({
    where: { userId },
    select: {
      user: { select: { role: true, disabledAt: true } },
      organisation: { select: { id: true, name: true, state: true } },
    },
  });
  if (!contact || contact.user.role !== "MEMBER" || contact.user.disabledAt || contact.organisation.state !== "APPROVED") return null;
  return { organisationId: contact.organisation.id, organisationName: contact.organisation.name };
}

export async function hasActiveMembership(userId: string): Promise<boolean> {
  return (await getActiveMembership(userId)) !== null;
}

/**
 * Every contact person of every organisation with active membership (optionally only those working in one of the
 * districts, by code from DISTRICTS). Contacts who have not yet chosen a password, and disabled users, are left out.
 */
export async function listActiveMemberContacts(filter: { districts?: string[] } = {}): Promise<MemberContact[]> {
  const rows = await db.organisationContact.findMany({
    where: { organisation: { state: "APPROVED" }, user: { role: "MEMBER", disabledAt: null, emailVerifiedAt: { not: null } } },
    select: {
      organisation: { select: { id: true, name: true, districts: true } },
      user: { select: { id: true, email: true, name: true, locale: true } },
    },
    orderBy: [{ organisation: { name: "asc" } }, { createdAt: "asc" }],
  });
  const wanted = filter.districts?.length ? new Set(filter.districts) : null;
  return rows
    .filter((r) => !wanted || splitDistricts(r.organisation.districts).some((d) => wanted.has(d)))
    .map((r) => ({
      userId: r.user.id,
      email: r.user.email,
      name: r.user.name,
      locale: r.user.locale,
      organisationId: r.organisation.id,
      organisationName: r.organisation.name,
    }));
}
