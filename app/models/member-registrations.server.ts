import { db } from "~/lib/db.server";
import { localeOf } from "~/lib/i18n";
import { getActiveMembership, listActiveMemberContacts } from "./membership.server";
import { registerForEvent, type RegisterResult } from "./registrations.server";

/**
 * Members sign up their organisation's contact persons (themselves included) with one click on a members' event: who
 * may be signed up, and who already is.
 */

/** A signed-in member registers a contact person of their own organisation (themselves included) with one click. */
export async function registerMemberContact(
  { actorUserId, contactUserId, eventId }: { actorUserId: string; contactUserId: string; eventId: string },
  now = new Date(),
): Promise<RegisterResult> {
  const membership = await getActiveMembership(actorUserId);
  if (!membership) return { ok: false, error: "not-allowed" };
  const contacts = await listActiveMemberContacts();
  const contact = contacts.find((c) => c.userId === contactUserId && c.organisationId === membership.organisationId);
  if (!contact) return { ok: false, error: "not-allowed" };
  return registerForEvent(
    {
      eventId,
      source: "MEMBER",
      name: contact.name,
      email: contact.email,
      locale: localeOf(contact.locale),
      userId: contact.userId,
      organisationId: contact.organisationId,
      organisationName: contact.organisationName,
    },
    now,
  );
}

/** The contact persons of the member's organisation, and whether each is already on the event. */
export async function listMemberContactsForEvent({ userId, eventId }: { userId: string; eventId: string }) {
  const membership = await getActiveMembership(userId);
  if (!membership) return null;
  const contacts = (await listActiveMemberContacts()).filter((c) => c.organisationId === membership.organisationId);
  const registered = await db.registration.findMany({
    where: { eventId, userId: { in: contacts.map((c) => c.userId) }, status: { not: "CANCELLED" } },
    select: { userId: true, status: true },
  });
  const byUser = new Map(registered.map((r) => [r.userId, r.status]));
  return {
    organisationName: membership.organisationName,
    contacts: contacts.map((c) => ({ userId: c.userId, name: c.name, status: byUser.get(c.userId) ?? null })),
  };
}
