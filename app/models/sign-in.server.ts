import type { Role } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { normaliseEmail } from "~/lib/field-rules";
import { check, clear, hit, limits } from "~/lib/rate-limit.server";
import { verifyAgainstNothing, verifyPassword } from "~/lib/password.server";

/** Signing in with an email and a password, throttled so that a stranger can neither guess nor lock an owner out. */

type SignInResult =
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
