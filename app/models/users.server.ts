import { z } from "zod";
import type { Role, TokenPurpose, User } from "~/generated/prisma/client";
import { passwordResetEmail } from "#emails/password-reset";
import { renderEmail } from "#emails/render";
import { staffInvitationEmail } from "#emails/staff-invitation";
import { audit } from "~/lib/audit.server";
import { endAllSessions } from "~/lib/auth.server";
import { hashToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { localeOf, type Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { check, hit, clear, consumeMailQuota, limits, networkBucket } from "~/lib/rate-limit.server";
import { hashPassword, passwordProblem, verifyAgainstNothing, verifyPassword } from "~/lib/password.server";
import { consumeToken, issueToken, peekToken } from "~/lib/tokens.server";
import { hasActiveMembership } from "./membership.server";

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

/** Where a user lands after signing in. */
/** Where a user lands after signing in: staff in their area, members in theirs, an applicant or lapsed member at their case. */
export async function homeFor(user: { id: string; role: Role | string }) {
  if (user.role !== "MEMBER") return "/staff";
  return (await hasActiveMembership(user.id)) ? "/member" : "/forum/application";
}


export type SignInResult =
  | { ok: true; userId: string; role: Role }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterS: number };

/**
 * Checks an email and password. The same answer for an unknown email, a wrong password and a disabled user.
 * Failures are throttled per (account, address) and per address, never per account alone: a stranger who knows an
 * address cannot lock its owner out. Failures for one account from everywhere only shrink what each address may
 * try on it (`limits.login*`, docs/decisions/0019-sign-in-throttle.md).
 */
export async function signIn(emailInput: string, password: string, clientIp: string, now = new Date()): Promise<SignInResult> {
  const email = normaliseEmail(emailInput);
  const pair = `login:pair:${email}:${clientIp}`;
  const network = `login:ip:${clientIp}`;
  const account = `login:account:${email}`;
  const underAttack = !(await check(account, limits.loginAccount, now)).ok;
  for (const [bucket, limit] of [
    [pair, underAttack ? limits.loginUnderAttack : limits.login],
    [network, limits.loginPerNetwork],
  ] as const) {
    const state = await check(bucket, limit, now);
    if (!state.ok) return { ok: false, reason: "throttled", retryAfterS: state.retryAfterS };
  }
  const user = await db.user.findUnique({ where: { email } });
  const valid = user?.passwordHash && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstNothing(password), false);
  if (!valid || !user) {
    for (const bucket of [pair, network, account]) await hit(bucket, now);
    return { ok: false, reason: "invalid" };
  }
  // the owner's own typos are forgiven; what strangers did to the account and the network stays counted
  await clear(pair);
  return { ok: true, userId: user.id, role: user.role };
}

export async function createUser(input: { email: string; name: string; role: Role; password?: string; locale?: string }) {
  return db.user.create({
    data: {
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      role: input.role,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      emailVerifiedAt: input.password ? new Date() : null,
      locale: input.locale ?? "da",
    },
  });
}

export type CreateStaffResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "exists" }
  | { ok: false; reason: "password"; problem: NonNullable<ReturnType<typeof passwordProblem>> };

/** A staff user with a password, made from the command line (the first admin of a new installation). */
export async function createStaffUser(input: { email: string; name: string; role: "STAFF" | "ADMIN"; password: string }): Promise<CreateStaffResult> {
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
    if ((error as { code?: string }).code === "P2002") return { ok: false, reason: "exists" };
    throw error;
  }
}

/** Sets a new password and ends every session of the user (a reset locks out whoever had the old one). */
export async function setPassword(userId: string, password: string) {
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, emailVerifiedAt: new Date() } });
    await endAllSessions(userId, tx);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Forgotten password and invitations: one-time links by mail

/** The buckets of a form that sends mail: per sender address and per recipient. */
function mailBuckets(clientIp: string, email: string) {
  return [networkBucket("mail", clientIp), `mail:to:${email}`];
}

export type MailRequestResult = { ok: true } | { ok: false; reason: "throttled"; retryAfterS: number };

/**
 * Sends a reset link when the account exists and is not disabled; says the same either way, so the form cannot be
 * used to learn who has an account. Limited per address and per email, which also leaves too few tries to tell the
 * two cases apart by timing (the mail is queued, not sent, within the request).
 */
export async function requestPasswordReset(emailInput: string, clientIp: string, now = new Date()): Promise<MailRequestResult> {
  const email = normaliseEmail(emailInput);
  const quota = await consumeMailQuota(mailBuckets(clientIp, email), now);
  if (!quota.ok) return { ok: false, reason: "throttled", retryAfterS: quota.retryAfterS };
  const user = await db.user.findUnique({ where: { email } });
  if (!user || user.disabledAt) return { ok: true };
  await db.$transaction(async (tx) => {
    const token = await issueToken(tx, user.id, "PASSWORD_RESET", now);
    const mail = renderEmail(passwordResetEmail, localeOf(user.locale), { name: user.name, url: `${env().APP_URL}/reset-password/${token}` });
    await queueEmail(tx, { kind: "password-reset", dedupeKey: `password-reset:${hashToken(token)}`, to: user.email, toName: user.name, ...mail });
  });
  return { ok: true };
}

/** Whether a one-time link can still be used (for showing its form); the user's name and email if so. */
export async function checkPasswordToken(purpose: "PASSWORD_RESET" | "STAFF_INVITE", token: string, now = new Date()) {
  const found = await peekToken(db, token, purpose, now);
  if (!found || found.user.disabledAt) return null;
  return { name: found.user.name, email: found.user.email };
}

/** The form for choosing a password (reset and invitation): the rules of passwordProblem, typed twice. */
export const newPasswordSchema = z
  .object({
    password: z.string({ required_error: "form.required" }).min(1, "form.required").max(1000, "auth.passwordTooLong"),
    confirmPassword: z.string({ required_error: "form.required" }).min(1, "form.required").max(1000, "auth.passwordMismatch"),
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    else if (value.password !== value.confirmPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "auth.passwordMismatch" });
  });

export type PasswordTokenResult =
  | { ok: true; userId: string; role: Role }
  | { ok: false; reason: "token" }
  | { ok: false; reason: "password"; problem: NonNullable<ReturnType<typeof passwordProblem>> };

/**
 * Sets the password through a one-time link: uses the token up, sets the password and ends every session of the
 * user, in one transaction. The caller then starts a fresh session.
 */
async function setPasswordWithToken(purpose: TokenPurpose, token: string, password: string, now: Date): Promise<PasswordTokenResult> {
  const problem = passwordProblem(password);
  if (problem) return { ok: false, reason: "password", problem };
  // Argon2 is slow: only hash for a token that looks valid, and outside the write transaction.
  if (!(await peekToken(db, token, purpose, now))) return { ok: false, reason: "token" };
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, token, purpose, now);
    if (!userId) return { ok: false, reason: "token" } as const;
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    if (user.disabledAt) return { ok: false, reason: "token" } as const;
    await tx.user.update({ where: { id: userId }, data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now } });
    await endAllSessions(userId, tx);
    // A link of the other kind still lying around would be a second way in: it goes too.
    await tx.authToken.deleteMany({ where: { userId, usedAt: null, purpose: { in: ["PASSWORD_RESET", "STAFF_INVITE"] } } });
    await audit(tx, {
      actorId: userId,
      action: purpose === "STAFF_INVITE" ? "user.acceptInvitation" : "user.resetPassword",
      entityType: "User",
      entityId: userId,
    });
    return { ok: true, userId, role: user.role } as const;
  });
}

export function resetPassword(token: string, password: string, now = new Date()) {
  return setPasswordWithToken("PASSWORD_RESET", token, password, now);
}

export function acceptInvitation(token: string, password: string, now = new Date()) {
  return setPasswordWithToken("STAFF_INVITE", token, password, now);
}

// ---------------------------------------------------------------------------------------------------------------
// User management (admins)

export type Actor = { id: string; name: string };
export type UserState = "invited" | "active" | "disabled";

export function stateOf(user: Pick<User, "disabledAt" | "passwordHash">): UserState {
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
    url: `${env().APP_URL}/invitation/${token}`,
  });
  await queueEmail(tx, { kind: "staff-invitation", dedupeKey: `staff-invitation:${hashToken(token)}`, to: user.email, toName: user.name, ...mail });
}

export type InviteResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "exists" }
  | { ok: false; reason: "throttled"; retryAfterS: number };

/** Creates a staff user without a password and mails them a link to choose one (7 days, once). */
export async function inviteStaff(
  inviter: Actor,
  input: { name: string; email: string; role: "STAFF" | "ADMIN"; locale: Locale },
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
    if ((error as { code?: string }).code === "P2002") return { ok: false, reason: "exists" };
    throw error;
  }
}

export type ResendResult = { ok: true } | { ok: false; reason: "notInvited" } | { ok: false; reason: "throttled"; retryAfterS: number };

/** A new invitation link for a staff user who has not yet chosen a password; the old link stops working. */
export async function resendInvitation(inviter: Actor, userId: string, now = new Date()): Promise<ResendResult> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.role === "MEMBER" || stateOf(user) !== "invited") return { ok: false, reason: "notInvited" };
  const quota = await consumeMailQuota([`mail:to:${user.email}`], now);
  if (!quota.ok) return { ok: false, reason: "throttled", retryAfterS: quota.retryAfterS };
  await db.$transaction(async (tx) => {
    await queueInvitation(tx, inviter, user, now);
    await audit(tx, { actorId: inviter.id, action: "user.resendInvitation", entityType: "User", entityId: user.id });
  });
  return { ok: true };
}

export type DisableResult = { ok: true } | { ok: false; reason: "self" | "notFound" };

/** Disables a user: their sessions end at once and their unused links stop working. An admin cannot lock themself out. */
export async function disableUser(actorId: string, userId: string, now = new Date()): Promise<DisableResult> {
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

export async function enableUser(actorId: string, userId: string): Promise<{ ok: boolean }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, disabledAt: { not: null } }, data: { disabledAt: null } });
    if (count === 0) return { ok: (await tx.user.count({ where: { id: userId } })) === 1 };
    await audit(tx, { actorId, action: "user.enable", entityType: "User", entityId: userId });
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The audit log (admins)

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
