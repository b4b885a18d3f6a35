import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { audit } from "~/lib/audit.server";
import { hashToken } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors.server";
import { env } from "~/lib/env.server";

/**
 * Passkeys (WebAuthn, @simplewebauthn/server; docs/decisions/0022-second-factor.md). The relying party is APP_URL:
 * its host is the rpID and its origin the only origin accepted. Challenges live server-side (hashed), five minutes,
 * single use. A passkey is a second factor after a password, or both factors at once when the authenticator verified
 * the user (PIN, fingerprint): the passwordless sign-in requires that.
 */
const CHALLENGE_MS = 5 * 60_000;
type ChallengePurpose = "register" | "login" | "second";

function relyingParty() {
  const url = new URL(env().APP_URL);
  return { rpID: url.hostname, origin: url.origin, rpName: env().UNIT_NAME };
}

async function keepChallenge(challenge: string, purpose: ChallengePurpose, userId: string | null, now: Date) {
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  await db.webAuthnChallenge.create({
    data: { challengeHash: hashToken(challenge), purpose, userId, expiresAt: new Date(now.getTime() + CHALLENGE_MS) },
  });
}

/** Uses up a challenge that was made for this purpose (and user); false when unknown, expired or already used. */
async function takeChallenge(challenge: string, purpose: ChallengePurpose, userId: string | null, now: Date) {
  const { count } = await db.webAuthnChallenge.deleteMany({
    where: { challengeHash: hashToken(challenge), purpose, userId, expiresAt: { gt: now } },
  });
  return count === 1;
}

const transportsOf = (value: string) => (value ? (value.split(",") as AuthenticatorTransport[]) : undefined);

export async function registrationOptions(user: { id: string; email: string; name: string }, now = new Date()) {
  const { rpID, rpName } = relyingParty();
  const existing = await db.passkey.findMany({ where: { userId: user.id }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await keepChallenge(options.challenge, "register", user.id, now);
  return options;
}

export type RegisterResult = { ok: true; id: string } | { ok: false; reason: "invalid" };

export async function registerPasskey(userId: string, response: unknown, name: string, now = new Date()): Promise<RegisterResult> {
  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: (challenge) => takeChallenge(challenge, "register", userId, now),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    });
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!verification.verified) return { ok: false, reason: "invalid" };
  const { credential } = verification.registrationInfo;
  try {
    const passkey = await db.$transaction(async (tx) => {
      const row = await tx.passkey.create({
        data: {
          userId,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey),
          counter: credential.counter,
          transports: (credential.transports ?? []).join(","),
          name: name.trim().slice(0, 60) || "Adgangsnøgle",
          createdAt: now,
        },
      });
      await audit(tx, { actorId: userId, action: "secondFactor.passkeyAdd", entityType: "User", entityId: userId, details: { passkeyId: row.id } });
      return row;
    });
    return { ok: true, id: passkey.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "invalid" };
    throw error;
  }
}

/**
 * Options for signing in with a passkey: for the second step, the pending user's own passkeys; for the passwordless
 * sign-in, any passkey the browser holds for this site (discoverable), with user verification required.
 */
export async function authenticationOptions(purpose: "login" | "second", userId: string | null, now = new Date()) {
  const { rpID } = relyingParty();
  const allow = userId ? await db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } }) : [];
  const options = await generateAuthenticationOptions({
    rpID,
    userVerification: purpose === "login" ? "required" : "preferred",
    allowCredentials: purpose === "second" ? allow.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })) : undefined,
  });
  await keepChallenge(options.challenge, purpose, userId, now);
  return options;
}

/** Checks a passkey's answer; the user it belongs to, or null. For "second" the passkey must be `userId`'s own. */
export async function verifyPasskey(purpose: "login" | "second", userId: string | null, response: unknown, now = new Date()): Promise<string | null> {
  const { rpID, origin } = relyingParty();
  const id = typeof (response as { id?: unknown })?.id === "string" ? (response as { id: string }).id : null;
  if (!id) return null;
  const passkey = await db.passkey.findUnique({ where: { credentialId: id } });
  if (!passkey || (purpose === "second" && passkey.userId !== userId)) return null;
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: (challenge) => takeChallenge(challenge, purpose, userId, now),
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: transportsOf(passkey.transports) },
      requireUserVerification: purpose === "login",
    });
  } catch {
    return null;
  }
  if (!verification.verified) return null;
  await db.passkey.update({ where: { id: passkey.id }, data: { counter: verification.authenticationInfo.newCounter, lastUsedAt: now } });
  return passkey.userId;
}
