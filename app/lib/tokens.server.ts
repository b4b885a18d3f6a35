import type { TokenPurpose } from "~/generated/prisma/client";
import { hashToken, randomToken } from "./crypto.server";
import type { Db } from "./db.server";

const tokenLifetimes: Record<TokenPurpose, number> = {
  PASSWORD_RESET: 60 * 60_000,
  STAFF_INVITE: 7 * 24 * 60 * 60_000,
  CONTACT_INVITE: 7 * 24 * 60 * 60_000,
  EMAIL_CONFIRM: 7 * 24 * 60 * 60_000, // as long as an unconfirmed forum application is kept
};

/**
 * A one-time link token: 256 random bits, only its hash stored, single use, expiring. Issuing a new one cancels
 * any earlier unused token of the same purpose for that user.
 */
export async function issueToken(tx: Db, userId: string, purpose: TokenPurpose, now = new Date()): Promise<string> {
  await tx.authToken.deleteMany({ where: { userId, purpose, usedAt: null } });
  const token = randomToken();
  await tx.authToken.create({
    data: { tokenHash: hashToken(token), purpose, userId, expiresAt: new Date(now.getTime() + tokenLifetimes[purpose]) },
  });
  return token;
}

/** The token's user, if the token is valid now, without using it up (for showing the form). */
export async function peekToken(tx: Db, token: string, purpose: TokenPurpose, now = new Date()) {
  if (!token || token.length > 200) return null;
  return tx.authToken.findFirst({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: now } },
    include: { user: true },
  });
}

/** Uses the token up; returns its user id, or null when it is unknown, used or expired. Safe against a double submit. */
export async function consumeToken(tx: Db, token: string, purpose: TokenPurpose, now = new Date()): Promise<string | null> {
  const found = await peekToken(tx, token, purpose, now);
  if (!found) return null;
  const { count } = await tx.authToken.updateMany({ where: { id: found.id, usedAt: null }, data: { usedAt: now } });
  return count === 1 ? found.userId : null;
}
