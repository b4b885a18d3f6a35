import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { z } from "zod";
import { audit } from "~/lib/audit.server";
import { keyedHash, openSecret, sealSecret } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";

/**
 * TOTP (RFC 6238) and recovery codes (docs/decisions/0022-second-factor.md): 6 digits, 30 s steps, SHA-1 (what every
 * authenticator app reads), one step either side for clock drift. A code is accepted once: the accepted step is
 * remembered and only a later one is taken. The secret is sealed with SECRET_KEY; recovery codes are kept as keyed
 * hashes only.
 */
const PERIOD = 30;
const DIGITS = 6;
const WINDOW = 1;
const RECOVERY_CODE_COUNT = 10;

function totpFor(secretBase32: string, label = "") {
  return new TOTP({ issuer: env().UNIT_NAME, label, secret: Secret.fromBase32(secretBase32), period: PERIOD, digits: DIGITS, algorithm: "SHA1" });
}

export function timeStep(now: Date) {
  return Math.floor(now.getTime() / 1000 / PERIOD);
}

/** The secret in groups of four, as people copy it into an app by hand. */
export function groupSecret(secretBase32: string) {
  return secretBase32.replace(/(.{4})/g, "$1 ").trim();
}

/** The time step a code belongs to (within the window), or null. Pure: no replay check. */
function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32).validate({ token, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : timeStep(now) + delta;
}

/** The code typed from the app, on /account/security (confirming the app) and /login/verify (the second step). */
export const totpCodeField = z.string({ required_error: "security.codeFormat" }).trim().regex(/^\d{3}\s?\d{3}$/, "security.codeFormat");

export function totpUri(secretBase32: string, accountName: string) {
  return totpFor(secretBase32, accountName).toString();
}

// ---------------------------------------------------------------------------------------------------------------
// Enrolment

/** Starts (or restarts) setting up an app: a new secret, unconfirmed until one code from it is typed. */
export async function beginTotpEnrolment(userId: string) {
  const current = await db.totpFactor.findUnique({ where: { userId } });
  if (current?.confirmedAt) return { ok: false as const, reason: "enrolled" as const };
  const secret = new Secret({ size: 20 }).base32;
  const secretSealed = sealSecret("totp", secret);
  await db.totpFactor.upsert({ where: { userId }, create: { userId, secretSealed }, update: { secretSealed, lastStep: null } });
  return { ok: true as const };
}

/** The secret of an app being set up (to show as QR code and text), or null. */
export async function pendingTotpSecret(userId: string) {
  const row = await db.totpFactor.findUnique({ where: { userId } });
  if (!row || row.confirmedAt) return null;
  return openSecret("totp", row.secretSealed);
}

type ConfirmTotpResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: "notStarted" | "code" };

/** Confirms the app with one current code; the first factor also brings ten recovery codes (shown once). */
export async function confirmTotp(userId: string, code: string, now = new Date()): Promise<ConfirmTotpResult> {
  const row = await db.totpFactor.findUnique({ where: { userId } });
  const secret = row && !row.confirmedAt ? openSecret("totp", row.secretSealed) : null;
  if (!row || !secret) return { ok: false, reason: "notStarted" };
  const step = matchingStep(secret, code, now);
  if (step === null) return { ok: false, reason: "code" };
  const recoveryCodes = await db.$transaction(async (tx) => {
    await tx.totpFactor.update({ where: { id: row.id }, data: { confirmedAt: now, lastStep: step } });
    const hasCodes = (await tx.recoveryCode.count({ where: { userId, usedAt: null } })) > 0;
    const codes = hasCodes ? [] : await replaceRecoveryCodes(tx, userId);
    await audit(tx, { actorId: userId, action: "secondFactor.totpEnable", entityType: "User", entityId: userId });
    return codes;
  });
  return { ok: true, recoveryCodes };
}

/** Checks a code for a confirmed app and uses it up: the same step (or an earlier one) is never accepted again. */
export async function spendTotpCode(tx: Db, userId: string, code: string, now = new Date()): Promise<boolean> {
  const row = await tx.totpFactor.findUnique({ where: { userId } });
  if (!row?.confirmedAt) return false;
  const secret = openSecret("totp", row.secretSealed);
  const step = secret ? matchingStep(secret, code, now) : null;
  if (step === null) return false;
  // one conditional write: of two requests with the same code, only one can move the step on
  const { count } = await tx.totpFactor.updateMany({
    where: { id: row.id, OR: [{ lastStep: null }, { lastStep: { lt: step } }] },
    data: { lastStep: step },
  });
  return count === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Recovery codes

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newRecoveryCode() {
  const bytes = randomBytes(10);
  let code = "";
  for (const b of bytes) code += RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Spaces, dashes and case do not matter when a code is typed. */
function recoveryHash(code: string) {
  return keyedHash("recovery-code", code.toLowerCase().replace(/[^a-z0-9]/g, ""));
}

/** Ten new codes in place of any old ones; the plain codes are returned to be shown once and never stored. */
async function replaceRecoveryCodes(tx: Db, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: recoveryHash(code) })) });
  return codes;
}

/** Uses up one recovery code of this user; false when it is unknown, another user's or already used. */
export async function spendRecoveryCode(tx: Db, userId: string, code: string, now = new Date()): Promise<boolean> {
  if (code.length > 100) return false;
  const { count } = await tx.recoveryCode.updateMany({ where: { userId, codeHash: recoveryHash(code), usedAt: null }, data: { usedAt: now } });
  return count === 1;
}

export async function regenerateRecoveryCodes(userId: string) {
  return db.$transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, userId);
    await audit(tx, { actorId: userId, action: "secondFactor.recoveryCodesRegenerate", entityType: "User", entityId: userId });
    return codes;
  });
}
