import type { Role, User } from "~/generated/prisma/client";
import { renderEmail } from "#emails/render";
import { staffInvitationEmail } from "#emails/staff-invitation";
import { audit } from "~/lib/audit.server";
import { endAllSessions } from "~/lib/auth.server";
import { hashToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors.server";
import { normaliseEmail } from "~/lib/field-rules";
import { localeOf, type Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { consumeMailQuota } from "~/lib/rate-limit.server";
import { hashPassword, passwordProblem } from "~/lib/password.server";
import { isStaffRole, type StaffRole } from "~/lib/roles";
import { issueToken } from "~/lib/tokens.server";
import { paths } from "~/lib/urls";
import { urls } from "~/lib/urls.server";
import { hasActiveMembership } from "./membership.server";

/**
 * User accounts: where each lands after signing in, and the staff accounts admins manage (invite, resend the
 * invitation, disable, enable, list) or the command line makes (the first admin).
 */

/** Where a user lands after signing in: staff in their area, members in theirs, an applicant or lapsed member at their case. */
export async function homeFor(user: { id: string; role: Role | string }) {
  if (isStaffRole(user.role)) return "/staff";
  return (await hasActiveMembership(user.id)) ? paths.member() : paths.forumApplication();
}

type CreateStaffResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "exists" }
  | { ok: false; reason: "password"; problem: NonNullable<ReturnType<typeof passwordProblem>> };

/** A staff user with a password, made from the command line (the first admin of a new installation). */
export async function createStaffUser(input: { email: string; name: string; role: StaffRole; password: string }): Promise<CreateStaffResult> {
  const problem = passwordProblem(input.password);
  if (problem) return { ok: false, reason: "password", problem };
  const email = normaliseEmail(input.email);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return { ok: false, reason: "exists" };
  const passwordHash = await hashPassword(input.password);
  try {
    const userId = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name: input.name.trim(), role: input.role, passwordHash, emailVerifiedAt: new Date() } });
      await audit(tx, { actorId: null, action: "user.create", entityType: "User", entityId: user.id, details: { role: input.role, via: "cli" } });
      return user.id;
    });
    return { ok: true, userId };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "exists" };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// User management (admins)

type Actor = { id: string; name: string };
type UserState = "invited" | "active" | "disabled";

function stateOf(user: Pick<User, "disabledAt" | "passwordHash">): UserState {
  if (user.disabledAt) return "disabled";
  return user.passwordHash ? "active" : "invited";
}

export async function listUsers() {
  const users = await db.user.findMany({
    orderBy: [{ role: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      disabledAt: true,
      passwordHash: true,
      updatedAt: true,
      totpFactor: { select: { confirmedAt: true } },
      _count: { select: { passkeys: true } },
    },
  });
  // The hash never leaves this module.
  return users.map(({ passwordHash, disabledAt, totpFactor, _count, ...u }) => ({
    ...u,
    state: stateOf({ passwordHash, disabledAt }),
    secondFactor: Boolean(totpFactor?.confirmedAt) || _count.passkeys > 0,
  }));
}

async function queueInvitation(tx: Db, inviter: Actor, user: User, now: Date) {
  const token = await issueToken(tx, user.id, "STAFF_INVITE", now);
  const mail = renderEmail(staffInvitationEmail, localeOf(user.locale), {
    name: user.name,
    inviterName: inviter.name,
    url: urls.staffInvitation(token),
  });
  await queueEmail(tx, { kind: "staff-invitation", dedupeKey: `staff-invitation:${hashToken(token)}`, to: user.email, toName: user.name, ...mail });
}

type InviteResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "exists" }
  | { ok: false; reason: "throttled"; retryAfterS: number };

/** Creates a staff user without a password and mails them a link to choose one (7 days, once). */
export async function inviteStaff(
  inviter: Actor,
  input: { name: string; email: string; role: StaffRole; locale: Locale },
  now = new Date(),
): Promise<InviteResult> {
  const email = normaliseEmail(input.email);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return { ok: false, reason: "exists" };
  // Per recipient only: an admin inviting a team in one sitting is not abuse, mailing one person again and again is.
  const quota = await consumeMailQuota([`mail:to:${email}`], now);
  if (!quota.ok) return { ok: false, reason: "throttled", retryAfterS: quota.retryAfterS };
  try {
    const userId = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name: input.name.trim(), role: input.role, locale: input.locale } });
      await queueInvitation(tx, inviter, user, now);
      await audit(tx, { actorId: inviter.id, action: "user.invite", entityType: "User", entityId: user.id, details: { role: input.role } });
      return user.id;
    });
    return { ok: true, userId };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "exists" };
    throw error;
  }
}

type ResendResult = { ok: true } | { ok: false; reason: "notInvited" } | { ok: false; reason: "throttled"; retryAfterS: number };

/** A new invitation link for a staff user who has not yet chosen a password; the old link stops working. */
export async function resendInvitation({ inviter, userId }: { inviter: Actor; userId: string }, now = new Date()): Promise<ResendResult> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || !isStaffRole(user.role) || stateOf(user) !== "invited") return { ok: false, reason: "notInvited" };
  const quota = await consumeMailQuota([`mail:to:${user.email}`], now);
  if (!quota.ok) return { ok: false, reason: "throttled", retryAfterS: quota.retryAfterS };
  await db.$transaction(async (tx) => {
    await queueInvitation(tx, inviter, user, now);
    await audit(tx, { actorId: inviter.id, action: "user.resendInvitation", entityType: "User", entityId: user.id });
  });
  return { ok: true };
}

type DisableResult = { ok: true } | { ok: false; reason: "self" | "notFound" };

/** Disables a user: their sessions end at once and their unused links stop working. An admin cannot lock themself out. */
export async function disableUser({ actorId, userId }: { actorId: string; userId: string }, now = new Date()): Promise<DisableResult> {
  if (actorId === userId) return { ok: false, reason: "self" };
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, disabledAt: null }, data: { disabledAt: now } });
    if (count === 0) return (await tx.user.findUnique({ where: { id: userId }, select: { id: true } })) ? { ok: true } : { ok: false, reason: "notFound" };
    await endAllSessions(userId, tx);
    await tx.authToken.deleteMany({ where: { userId, usedAt: null } });
    await audit(tx, { actorId, action: "user.disable", entityType: "User", entityId: userId });
    return { ok: true };
  });
}

export async function enableUser({ actorId, userId }: { actorId: string; userId: string }): Promise<{ ok: boolean }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, disabledAt: { not: null } }, data: { disabledAt: null } });
    if (count === 0) return { ok: (await tx.user.count({ where: { id: userId } })) === 1 };
    await audit(tx, { actorId, action: "user.enable", entityType: "User", entityId: userId });
    return { ok: true };
  });
}
