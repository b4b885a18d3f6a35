import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { env } from "./env.server";

/** 256 random bits as URL-safe text: session ids, one-time links, private registration links. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

const SHORT_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten random characters without look-alikes (about 49 bits): an opaque public address that says nothing of its event. */
export function randomShortId(): string {
  const bytes = randomBytes(10);
  let id = "";
  for (const b of bytes) id += SHORT_ID_ALPHABET[b % SHORT_ID_ALPHABET.length];
  return id;
}

/** What we store in place of a token: a leaked database or backup then holds no usable link or session. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A key of its own for each purpose, derived from SECRET_KEY: a value made for one use is worthless for another. */
function keyFor(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", env().SECRET_KEY, "vink-portal", purpose, 32));
}

/**
 * A keyed hash (HMAC-SHA-256) of a value for one purpose: the same value gives the same result, so records can be
 * matched, but without SECRET_KEY nobody can tell which value it was (a plain SHA-256 of an address is guessed in
 * seconds). Used for pseudonymous references, e.g. a person erased, in the audit log.
 */
export function keyedHash(purpose: string, value: string): string {
  return createHmac("sha256", keyFor(`hash:${purpose}`)).update(value, "utf8").digest("hex");
}

/** Seals a secret the server must read back (a TOTP secret) with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export function sealSecret(purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(`seal:${purpose}`), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), sealed].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** Opens what sealSecret sealed for the same purpose; null when it was sealed with another key or was altered. */
export function openSecret(purpose: string, sealed: string): string | null {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(`seal:${purpose}`), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
