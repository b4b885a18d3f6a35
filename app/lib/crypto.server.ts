import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 256 random bits as URL-safe text: session ids, one-time links, private registration links. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
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
