import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { issueToken } from "~/lib/tokens.server";
import { acceptContactInvite, inviteContact, peekContactInvite } from "~/models/forum-contacts.server";
import { createActiveMember } from "../support/factories";

/**
 * A contact's invitation link sets a password by the same rules as a reset or a staff invitation (one function:
 * setPasswordWithToken): a disabled user cannot, the link is used up with the user's other password links, every
 * session of the user ends, and the use is audited.
 */

const PASSWORD = "en anden lang adgangskode";

async function invitedContact(email: string) {
  const member = await createActiveMember();
  const invited = await inviteContact(member.id, { contactName: "Jonas Berg", contactTitle: "Kasserer", email, phone: "87654321" }, "da");
  if (!invited.ok) throw new Error("invite failed");
  // a link we hold the text of (the mailed one is replaced: issuing cancels the earlier link of the same purpose)
  const token = await issueToken(db, invited.userId, "CONTACT_INVITE");
  return { userId: invited.userId, token };
}

describe("accepting a contact invitation", () => {
  it("a disabled contact's link page shows the link as invalid", async () => {
    const { userId, token } = await invitedContact("disabled.peek@example.dk");
    expect(await peekContactInvite(token)).toMatchObject({ email: "disabled.peek@example.dk" });
    await db.user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
    expect(await peekContactInvite(token)).toBeNull();
  });

  it("a disabled contact's link sets no password and writes no audit entry", async () => {
    const { userId, token } = await invitedContact("disabled.contact@example.dk");
    await db.user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
    expect(await acceptContactInvite(token, PASSWORD)).toEqual({ ok: false, errors: { _form: "forum.err.linkInvalid" } });
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.passwordHash).toBeNull();
    expect(user.emailVerifiedAt).toBeNull();
    expect(await db.auditLog.count({ where: { entityId: userId } })).toBe(0);
  });

  it("sets the password once, writes exactly one audit entry, removes the other password links and ends the sessions", async () => {
    const { userId, token } = await invitedContact("jonas.accept@example.dk");
    const reset = await issueToken(db, userId, "PASSWORD_RESET");
    await db.session.create({ data: { id: `s-${userId}`, userId, expiresAt: new Date(Date.now() + 3600_000) } });

    expect(await acceptContactInvite(token, PASSWORD)).toEqual({ ok: true, userId });

    const audits = await db.auditLog.findMany({ where: { entityType: "User", entityId: userId } });
    expect(audits.map((a) => ({ actorId: a.actorId, action: a.action }))).toEqual([{ actorId: userId, action: "user.acceptContactInvite" }]);
    // the link is used up, and the reset link lying around is gone with it: no unused password link is left
    expect(await db.authToken.count({ where: { userId, usedAt: null } })).toBe(0);
    expect(await db.authToken.count({ where: { userId, purpose: "CONTACT_INVITE", usedAt: { not: null } } })).toBe(1);
    expect(reset).not.toBe(token);
    expect(await db.session.count({ where: { userId } })).toBe(0);
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.passwordHash).not.toBeNull();
    expect(user.emailVerifiedAt).not.toBeNull();

    // a second use of the link fails and changes nothing
    expect(await acceptContactInvite(token, "en helt tredje lang adgangskode")).toEqual({ ok: false, errors: { _form: "forum.err.linkInvalid" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBe(user.passwordHash);
    expect(await db.auditLog.count({ where: { entityType: "User", entityId: userId } })).toBe(1);
  });

  it("keeps the link when the password breaks the rules", async () => {
    const { userId, token } = await invitedContact("jonas.short@example.dk");
    expect(await acceptContactInvite(token, "kort")).toEqual({ ok: false, errors: { password: "auth.passwordTooShort" } });
    expect(await db.authToken.count({ where: { userId, purpose: "CONTACT_INVITE", usedAt: null } })).toBe(1);
    expect(await db.auditLog.count({ where: { entityType: "User", entityId: userId } })).toBe(0);
  });
});
