import { audit } from "~/lib/audit.server";
import { endAllSessions, roleNeedsSecondFactor } from "~/lib/auth.server";
import { hashToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { check, clear, hit, type Limit } from "~/lib/rate-limit.server";
import { hashPassword, passwordProblem, verifyPassword } from "~/lib/password.server";

/**
 * What a signed-in user manages on /account/security: their password, their second factors and their signed-in
 * devices (docs/decisions/0022-second-factor.md). Every change is audited; no secret goes into the audit log.
 */

/** A few words for a User-Agent: "Firefox på Windows". Enough to recognise one's own devices, no version numbers. */
function describeDevice(userAgent: string | null | undefined): { browser: string | null; system: string | null } {
  const ua = userAgent ?? "";
  const browser =
    (
      [
      [/Edg\//, "Edge"],
      [/OPR\/|Opera/, "Opera"],
      [/Firefox\//, "Firefox"],
      [/Chrome\/|Chromium\/|CriOS\//, "Chrome"],
      [/Safari\//, "Safari"],
      ] as const
    ).find(([re]) => re.test(ua))?.[1] ?? null;
  const system =
    (
      [
        [/iPhone|iPad|iPod/, "iOS"],
        [/Android/, "Android"],
        [/Windows/, "Windows"],
        [/Mac OS X|Macintosh/, "macOS"],
        [/CrOS/, "ChromeOS"],
        [/Linux/, "Linux"],
      ] as const
    ).find(([re]) => re.test(ua))?.[1] ?? null;
  return { browser, system };
}

export async function securityOverview(userId: string, currentSessionId: string | null) {
  const [totp, passkeys, recoveryLeft, sessions] = await Promise.all([
    db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } }),
    db.passkey.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { id: true, name: true, createdAt: true, lastUsedAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    // live sessions only: neither idle too long nor past their absolute lifetime (docs/decisions/0003-lucia-own-adapter.md)
    db.session.findMany({
      where: { userId, expiresAt: { gt: new Date() }, createdAt: { gt: new Date(Date.now() - env().SESSION_MAX_HOURS * 3600_000) } },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  const current = currentSessionId ? hashToken(currentSessionId) : null;
  return {
    totp: totp?.confirmedAt ? ("on" as const) : totp ? ("pending" as const) : ("off" as const),
    passkeys,
    recoveryLeft,
    sessions: sessions.map((s) => ({
      id: s.id,
      ...describeDevice(s.userAgent),
      createdAt: s.createdAt,
      lastActiveAt: s.lastActiveAt ?? s.createdAt,
      current: s.id === current,
    })),
  };
}

async function factorCount(tx: Db, userId: string) {
  const [totp, passkeys] = await Promise.all([
    tx.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    tx.passkey.count({ where: { userId } }),
  ]);
  return { totp, passkeys, total: totp + passkeys };
}

type RemoveFactorResult = { ok: true } | { ok: false; reason: "lastFactor" | "notFound" };

/** Turns the authenticator app off; staff and admins keep at least one factor. Recovery codes go with the last factor. */
export async function disableTotp(user: { id: string; role: string }): Promise<RemoveFactorResult> {
  return db.$transaction(async (tx) => {
    const { totp, total } = await factorCount(tx, user.id);
    if (totp === 0) {
      await tx.totpFactor.deleteMany({ where: { userId: user.id } }); // an unfinished set-up
      return { ok: false, reason: "notFound" };
    }
    if (total === 1 && roleNeedsSecondFactor(user.role)) return { ok: false, reason: "lastFactor" };
    await tx.totpFactor.deleteMany({ where: { userId: user.id } });
    if (total === 1) await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await audit(tx, { actorId: user.id, action: "secondFactor.totpDisable", entityType: "User", entityId: user.id });
    return { ok: true };
  });
}

export async function removePasskey(user: { id: string; role: string }, passkeyId: string): Promise<RemoveFactorResult> {
  return db.$transaction(async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId: user.id }, select: { id: true } });
    if (!passkey) return { ok: false, reason: "notFound" };
    const { total } = await factorCount(tx, user.id);
    if (total === 1 && roleNeedsSecondFactor(user.role)) return { ok: false, reason: "lastFactor" };
    await tx.passkey.delete({ where: { id: passkey.id } });
    if (total === 1) await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await audit(tx, { actorId: user.id, action: "secondFactor.passkeyRemove", entityType: "User", entityId: user.id, details: { passkeyId } });
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Password and sessions

const passwordChangeLimit: Limit = { max: 10, windowMs: 10 * 60_000 };

type ChangePasswordResult =
  | { ok: true }
  | { ok: false; reason: "current" }
  | { ok: false; reason: "password"; problem: NonNullable<ReturnType<typeof passwordProblem>> }
  | { ok: false; reason: "throttled"; retryAfterS: number };

/** Changes the password with the current one; every other session of the user ends, this one stays. */
export async function changePassword(
  input: { userId: string; sessionId: string; current: string; next: string; clientIp: string },
  now = new Date(),
): Promise<ChangePasswordResult> {
  const bucket = `password-change:${input.userId}:${input.clientIp}`;
  const state = await check(bucket, passwordChangeLimit, now);
  if (!state.ok) return { ok: false, reason: "throttled", retryAfterS: state.retryAfterS };
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { passwordHash: true } });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.current))) {
    await hit(bucket, now);
    return { ok: false, reason: "current" };
  }
  const problem = passwordProblem(input.next);
  if (problem) return { ok: false, reason: "password", problem };
  const passwordHash = await hashPassword(input.next);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: input.userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: input.userId, id: { not: hashToken(input.sessionId) } } });
    await tx.pendingSignIn.deleteMany({ where: { userId: input.userId } });
    await tx.authToken.deleteMany({ where: { userId: input.userId, usedAt: null, purpose: "PASSWORD_RESET" } });
    await audit(tx, { actorId: input.userId, action: "user.changePassword", entityType: "User", entityId: input.userId });
  });
  await clear(bucket);
  return { ok: true };
}

/** Signs one of the user's own sessions out (by its stored id, which is a hash and signs nobody in). */
export async function endOwnSession({ userId, sessionRowId }: { userId: string; sessionRowId: string }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: sessionRowId, userId } });
    if (count) await audit(tx, { actorId: userId, action: "session.end", entityType: "User", entityId: userId });
    return count === 1;
  });
}

/** "Sign out everywhere else": every session of the user but this one. */
export async function endOtherSessions({ userId, currentSessionId }: { userId: string; currentSessionId: string }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId, id: { not: hashToken(currentSessionId) } } });
    await audit(tx, { actorId: userId, action: "session.endOthers", entityType: "User", entityId: userId, details: { ended: count } });
    return count;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Admins

type ResetResult = { ok: true } | { ok: false; reason: "self" | "notFound" };

/**
 * An admin takes away another user's second factors (a lost phone): app, passkeys, recovery codes, pending sign-ins
 * and sessions go; staff must set up a new factor at their next sign-in.
 */
export async function resetSecondFactor({ actorId, userId }: { actorId: string; userId: string }): Promise<ResetResult> {
  if (actorId === userId) return { ok: false, reason: "self" };
  return db.$transaction(async (tx) => {
    if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } }))) return { ok: false, reason: "notFound" };
    await tx.totpFactor.deleteMany({ where: { userId } });
    await tx.passkey.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.pendingSignIn.deleteMany({ where: { userId } });
    await endAllSessions(userId, tx);
    await audit(tx, { actorId, action: "secondFactor.reset", entityType: "User", entityId: userId });
    return { ok: true };
  });
}
