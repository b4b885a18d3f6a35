import { Secret, TOTP } from "otpauth";

/**
 * The authenticator app of the tests: staff and admins from `createUser` are enrolled with TEST_TOTP_SECRET
 * (test/support/factories.ts). The portal accepts each code once per user (the time step is remembered), so a test
 * that signs the same user in twice within 30 s takes the next step's code (the window allows one step ahead), or
 * waits for a fresh step when that is used too. `totpFor` remembers the steps it has handed out per user.
 */
export const TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

const PERIOD_MS = 30_000;
const usedSteps = new Map<string, number>();

export function totpCode(secret: string, step: number) {
  return TOTP.generate({ secret: Secret.fromBase32(secret.replace(/\s/g, "")), timestamp: step * PERIOD_MS, period: 30, digits: 6, algorithm: "SHA1" });
}

/** A code the portal has not seen yet for this user (`key`, e.g. the email), waiting for a new step if need be. */
export async function freshTotpCode(key: string, secret: string = TEST_TOTP_SECRET): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / PERIOD_MS);
    const last = usedSteps.get(key) ?? -Infinity;
    // the portal takes one step either side of its clock: the next step's code stays good until two steps on
    const step = Math.max(now, last + 1);
    if (step <= now + 1) {
      usedSteps.set(key, step);
      return totpCode(secret, step);
    }
    await new Promise((r) => setTimeout(r, (now + 1) * PERIOD_MS - Date.now() + 100));
  }
}
