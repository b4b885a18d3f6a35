import { endAllSessions } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/forms.server";
import type { Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { issueToken, peekToken } from "~/lib/tokens.server";
import { setPasswordWithToken } from "./password-links.server";
import { urls } from "~/lib/urls.server";
import { forumContactInviteEmail } from "#emails/forum-contact-invite";
import { renderEmail } from "#emails/render";
import type { InviteContactInput } from "./forum-rules";

/** A member organisation's contact persons: inviting one (who chooses a password through the mailed link), removing one. */

/** A member invites another contact person, who chooses a password through the link in the mail. */
export async function inviteContact(inviterId: string, input: InviteContactInput, locale: Locale, now = new Date()): Promise<{ ok: true; userId: string } | { ok: false; errors: FieldErrors }> {
  const inviter = await db.organisationContact.findUnique({ where: { userId: inviterId }, include: { organisation: true, user: true } });
  if (!inviter) return { ok: false as const, errors: { _form: "forum.err.notFound" } };
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    return { ok: false as const, errors: { email: "forum.err.contactExists" } };
  }
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: input.email, name: input.contactName, role: "MEMBER", locale } });
    await tx.organisationContact.create({ data: { organisationId: inviter.organisationId, userId: user.id, title: input.contactTitle, phone: input.phone } });
    await tx.forumCaseEvent.create({
      data: { organisationId: inviter.organisationId, actorId: inviterId, action: "contactInvited", details: JSON.stringify({ contact: user.id }), createdAt: now },
    });
    const token = await issueToken(tx, user.id, "CONTACT_INVITE", now);
    const mail = renderEmail(forumContactInviteEmail, locale, {
      name: user.name,
      inviterName: inviter.user.name,
      organisationName: inviter.organisation.name,
      url: urls.contactInvite(token),
    });
    await queueEmail(tx, { kind: "forum-contact-invite", dedupeKey: `forum-contact-invite:${user.id}:${now.getTime()}`, to: user.email, toName: user.name, ...mail });
    return { ok: true as const, userId: user.id };
  });
}

export async function peekContactInvite(token: string, now = new Date()) {
  const found = await peekToken(db, token, "CONTACT_INVITE", now);
  if (!found || found.user.disabledAt) return null;
  const contact = await db.organisationContact.findUnique({ where: { userId: found.userId }, include: { organisation: { select: { name: true } } } });
  return contact ? { name: found.user.name, email: found.user.email, organisationName: contact.organisation.name } : null;
}

/**
 * The invited contact chooses a password, by the same rules as every password link (setPasswordWithToken): a disabled
 * user cannot, the link is used up with the user's other password links, the sessions end, and it is audited.
 */
export async function acceptContactInvite(token: string, password: string, now = new Date()): Promise<{ ok: true; userId: string } | { ok: false; errors: FieldErrors }> {
  const result = await setPasswordWithToken("CONTACT_INVITE", token, password, now);
  if (result.ok) return { ok: true, userId: result.userId };
  return { ok: false, errors: result.reason === "password" ? { password: result.problem } : { _form: "forum.err.linkInvalid" } };
}

/** Removes a contact of the member's own organisation (404 for anyone else's); at least one contact remains. */
export async function removeContact({ actorId, contactId }: { actorId: string; contactId: string }, now = new Date()) {
  const own = await db.organisationContact.findUnique({ where: { userId: actorId }, select: { organisationId: true } });
  if (!own) return { ok: false as const, reason: "notFound" as const };
  return db.$transaction(async (tx) => {
    const contact = await tx.organisationContact.findFirst({ where: { id: contactId, organisationId: own.organisationId } });
    if (!contact) return { ok: false as const, reason: "notFound" as const };
    const count = await tx.organisationContact.count({ where: { organisationId: own.organisationId } });
    if (count <= 1) return { ok: false as const, reason: "lastContact" as const };
    await endAllSessions(contact.userId, tx);
    await tx.user.delete({ where: { id: contact.userId } });
    await tx.forumCaseEvent.create({
      data: { organisationId: own.organisationId, actorId, action: "contactRemoved", createdAt: now },
    });
    return { ok: true as const, self: contact.userId === actorId };
  });
}
