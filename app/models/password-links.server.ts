import { z } from "zod";
import type { Role, TokenPurpose } from "~/generated/prisma/client";
import { passwordResetEmail } from "#emails/password-reset";
import { renderEmail } from "#emails/render";
import { audit } from "~/lib/audit.server";
import { endAllSessions } from "~/lib/auth.server";
import { hashToken } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { normaliseEmail } from "~/lib/field-rules";
import { localeOf } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { consumeMailQuota, networkBucket } from "~/lib/rate-limit.server";
import { hashPassword, passwordProblem } from "~/lib/password.server";
import { consumeToken, issueToken, peekToken } from "~/lib/tokens.server";
import { urls } from "~/lib/urls.server";

/**
 * Choosing a password through a one-time link by mail: the forgotten-password request, the form's schema, and the one
 * function that sets a password from a link (a reset, a staff invitation, a forum contact's invitation).
 */

/** The buckets of a form that sends mail: per sender address and per recipient. */
function mailBuckets(clientIp: string, email: string) {
  return [networkBucket("mail", clientIp), `mail:to:${email}`];
}

type MailRequestResult = { ok: true } | { ok: false; reason: "throttled"; retryAfterS: number };

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
    const mail = renderEmail(passwordResetEmail, localeOf(user.locale), { name: user.name, url: urls.passwordReset(token) });
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

/** The links that let their holder choose a password; each one's use is audited under its own action. */
const passwordLinkAudit = {
  PASSWORD_RESET: "user.resetPassword",
  STAFF_INVITE: "user.acceptInvitation",
  CONTACT_INVITE: "user.acceptContactInvite",
} as const satisfies Partial<Record<TokenPurpose, string>>;
type PasswordLinkPurpose = keyof typeof passwordLinkAudit;
const passwordLinkPurposes = Object.keys(passwordLinkAudit) as PasswordLinkPurpose[];

type PasswordTokenResult =
  | { ok: true; userId: string; role: Role }
  | { ok: false; reason: "token" }
  | { ok: false; reason: "password"; problem: NonNullable<ReturnType<typeof passwordProblem>> };

/**
 * The one way a password is set from a link (a reset, a staff invitation, a forum contact's invitation): uses the
 * token up, refuses a disabled user, sets the password, ends every session of the user, removes the user's other
 * unused password links and writes the audit entry, in one transaction. The caller then starts a fresh session.
 */
export async function setPasswordWithToken(purpose: PasswordLinkPurpose, token: string, password: string, now: Date): Promise<PasswordTokenResult> {
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
    // A password link of another kind still lying around would be a second way in: it goes too.
    await tx.authToken.deleteMany({ where: { userId, usedAt: null, purpose: { in: passwordLinkPurposes } } });
    await audit(tx, { actorId: userId, action: passwordLinkAudit[purpose], entityType: "User", entityId: userId });
    return { ok: true, userId, role: user.role } as const;
  });
}

export function resetPassword(token: string, password: string, now = new Date()) {
  return setPasswordWithToken("PASSWORD_RESET", token, password, now);
}

export function acceptInvitation(token: string, password: string, now = new Date()) {
  return setPasswordWithToken("STAFF_INVITE", token, password, now);
}
