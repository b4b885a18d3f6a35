import { hash, verify } from "@node-rs/argon2";
import commonPasswords from "./common-passwords.json" with { type: "json" };

// Argon2id with OWASP's recommended cost (19 MiB, 2 passes).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const PASSWORD_MIN = 8;
const PASSWORD_MAX = 64;

const common = new Set((commonPasswords as string[]).map((p) => p.toLowerCase()));

/** Length only, no composition rules; the most common passwords are refused. Returns a translation key or null. */
export function passwordProblem(password: string): "auth.passwordTooShort" | "auth.passwordTooLong" | "auth.passwordCommon" | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return "auth.passwordTooShort";
  if (length > PASSWORD_MAX) return "auth.passwordTooLong";
  if (common.has(password.toLowerCase())) return "auth.passwordCommon";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFKC"), options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize("NFKC"));
  } catch {
    return false;
  }
}

// Spent on unknown accounts too, so the answer takes as long whether or not the email exists.
let dummy: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string) {
  dummy ??= hashPassword("not-a-real-password-for-timing");
  await verifyPassword(await dummy, password);
}
