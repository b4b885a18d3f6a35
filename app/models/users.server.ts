import type { Role } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { endAllSessions } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { check, hit, clear, limits } from "~/lib/rate-limit.server";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "~/lib/password.server";

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

export type SignInResult =
  | { ok: true; userId: string; role: Role }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterS: number };

/**
 * Checks an email and password. The same answer for an unknown email, a wrong password and a disabled user; after
 * 10 failures for one account or from one address within 10 minutes, every attempt is refused for a while.
 */
export async function signIn(emailInput: string, password: string, clientIp: string, now = new Date()): Promise<SignInResult> {
  const email = normaliseEmail(emailInput);
  const buckets = [`login:account:${email}`, `login:ip:${clientIp}`];
  for (const bucket of buckets) {
    const state = await check(bucket, limits.login, now);
    if (!state.ok) return { ok: false, reason: "throttled", retryAfterS: state.retryAfterS };
  }
  const user = await db.user.findUnique({ where: { email } });
  const valid = user?.passwordHash && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstNothing(password), false);
  if (!valid || !user) {
    for (const bucket of buckets) await hit(bucket, now);
    return { ok: false, reason: "invalid" };
  }
  await clear(`login:account:${email}`);
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

/** Sets a new password and ends every session of the user (a reset locks out whoever had the old one). */
export async function setPassword(userId: string, password: string) {
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, emailVerifiedAt: new Date() } });
    await endAllSessions(userId, tx);
  });
}

export async function disableUser(actorId: string, userId: string) {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
    await endAllSessions(userId, tx);
    await audit(tx, { actorId, action: "user.disable", entityType: "User", entityId: userId });
  });
}

export async function enableUser(actorId: string, userId: string) {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { disabledAt: null } });
    await audit(tx, { actorId, action: "user.enable", entityType: "User", entityId: userId });
  });
}
