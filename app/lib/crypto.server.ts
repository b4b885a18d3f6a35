import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

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

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
