import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { endSession, PENDING_SIGN_IN_MS, pendingCookie, startSession } from "~/lib/auth.server";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { safeRedirect } from "~/lib/http.server";
import { check, clear, hit, type Limit } from "~/lib/rate-limit.server";
import { verifyPasskey } from "./passkeys.server";
import { spendRecoveryCode, spendTotpCode } from "./totp.server";
import { homeFor } from "./users.server";

/**
 * The second step of signing in (docs/decisions/0022-second-factor.md). A correct password for a user with a second
 * factor gives no session, only a pending sign-in: a random token in a cookie, its hash in PendingSignIn, 10 minutes,
 * at most `MAX_ATTEMPTS` wrong codes. Wrong codes are also counted per account and address (as 0019 does for
 * passwords): an address that used up its allowance waits, with Retry-After; the owner elsewhere is not held up.
 */
export const MAX_ATTEMPTS = 5;
const secondFactorLimit: Limit = { max: 10, windowMs: 10 * 60_000 };

const pairBucket = (userId: string, clientIp: string) => `2fa:pair:${userId}:${clientIp}`;

async function hasSecondFactor(tx: Db, userId: string) {
  const [totp, passkeys] = await Promise.all([
    tx.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    tx.passkey.count({ where: { userId } }),
  ]);
  return totp + passkeys > 0;
}

/** A pending sign-in for a user whose password was right; returns the cookie's token. */
export async function startPendingSignIn(userId: string, redirectTo: string | null, now = new Date()) {
  const token = randomToken();
  await db.pendingSignIn.deleteMany({ where: { expiresAt: { lte: now } } });
  await db.pendingSignIn.create({
    data: { id: hashToken(token), userId, redirectTo, expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MS), createdAt: now },
  });
  return token;
}

/** The pending sign-in behind a cookie's token and the ways its user can finish it; null when gone or expired. */
export async function readPendingSignIn(token: string | null, now = new Date()) {
  if (!token) return null;
  const row = await db.pendingSignIn.findUnique({
    where: { id: hashToken(token) },
    include: { user: { select: { id: true, role: true, disabledAt: true, totpFactor: { select: { confirmedAt: true } }, _count: { select: { passkeys: true, recoveryCodes: { where: { usedAt: null } } } } } } },
  });
  if (!row || row.expiresAt <= now || row.user.disabledAt) return null;
  return {
    userId: row.userId,
    redirectTo: row.redirectTo,
    totp: Boolean(row.user.totpFactor?.confirmedAt),
    passkeys: row.user._count.passkeys > 0,
    recoveryCodes: row.user._count.recoveryCodes,
  };
}

type SecondStepProof = { kind: "totp"; code: string } | { kind: "recovery"; code: string } | { kind: "passkey"; response: unknown };

type SecondStepResult =
  | { ok: true; userId: string; role: Role; redirectTo: string | null }
  | { ok: false; reason: "expired" }
  | { ok: false; reason: "invalid"; attemptsLeft: number }
  | { ok: false; reason: "throttled"; retryAfterS: number };

/** Finishes a pending sign-in with a code from the app, a recovery code or a passkey. The caller starts the session. */
export async function completeSecondStep(token: string | null, proof: SecondStepProof, clientIp: string, now = new Date()): Promise<SecondStepResult> {
  const pending = await readPendingSignIn(token, now);
  if (!pending || !token) return { ok: false, reason: "expired" };
  const bucket = pairBucket(pending.userId, clientIp);
  const state = await check(bucket, secondFactorLimit, now);
  if (!state.ok) return { ok: false, reason: "throttled", retryAfterS: state.retryAfterS };

  const id = hashToken(token);
  const passed =
    proof.kind === "passkey"
      ? (await verifyPasskey("second", pending.userId, proof.response, now)) === pending.userId
      : await db.$transaction(async (tx) => {
          if (proof.kind === "totp") return spendTotpCode(tx, pending.userId, proof.code, now);
          const used = await spendRecoveryCode(tx, pending.userId, proof.code, now);
          if (used) await audit(tx, { actorId: pending.userId, action: "secondFactor.recoveryCodeUsed", entityType: "User", entityId: pending.userId });
          return used;
        });

  if (!passed) {
    await hit(bucket, now);
    const row = await db.pendingSignIn.update({ where: { id }, data: { attempts: { increment: 1 } } }).catch(() => null);
    if (!row || row.attempts >= MAX_ATTEMPTS) {
      // too many wrong codes on one password: the password must be typed again
      await db.pendingSignIn.deleteMany({ where: { id } });
      return { ok: false, reason: "expired" };
    }
    return { ok: false, reason: "invalid", attemptsLeft: MAX_ATTEMPTS - row.attempts };
  }
  // one pending sign-in gives one session: a second request with the same cookie finds nothing
  const { count } = await db.pendingSignIn.deleteMany({ where: { id } });
  if (count === 0) return { ok: false, reason: "expired" };
  await clear(bucket);
  const user = await db.user.findUniqueOrThrow({ where: { id: pending.userId }, select: { role: true } });
  return { ok: true, userId: pending.userId, role: user.role, redirectTo: pending.redirectTo };
}

export async function cancelPendingSignIn(token: string | null) {
  if (token) await db.pendingSignIn.deleteMany({ where: { id: hashToken(token) } });
}

// ─── Finishing a sign-in: the answers the sign-in routes give ───────────────────────────────────────────────────

/**
 * After a password was checked or set (sign-in, reset link, invitation): a user with a second factor gets no session
 * yet, only a pending sign-in and the way to /login/verify (docs/decisions/0022-second-factor.md). Everyone else is
 * signed in (`finishSignIn`). Staff without a second factor are then held at /account/security by the guard.
 */
export async function signInAndRedirect(context: AppLoadContext, user: { id: string; role: Role }, to?: string | null) {
  if (await hasSecondFactor(db, user.id)) {
    const headers = new Headers();
    if (context.sessionId) headers.append("Set-Cookie", await endSession(context.sessionId));
    const token = await startPendingSignIn(user.id, safeRedirect(to, "") || null);
    headers.append("Set-Cookie", pendingCookie(token));
    return redirect("/login/verify", { headers });
  }
  return finishSignIn(context, user, to);
}

/**
 * Signs a user in once every factor is checked: a session the browser already had is ended, a new one starts
 * (no fixation), the pending sign-in's cookie goes, and the answer is a redirect to `to` if it is a safe same-site
 * path, else the user's home.
 */
export async function finishSignIn(context: AppLoadContext, user: { id: string; role: Role }, to?: string | null, options: { clearPending?: boolean } = {}) {
  if (context.sessionId) await endSession(context.sessionId);
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(user.id, context.userAgent));
  if (options.clearPending) headers.append("Set-Cookie", pendingCookie(null));
  return redirect(safeRedirect(to, await homeFor(user)), { headers });
}
