import type { PrismaClient } from "~/generated/prisma/client";
import { sealSecret } from "~/lib/crypto.server";
import { hashPassword } from "~/lib/password.server";

/**
 * The people every demo starts with: one admin and one member of staff, with passwords and authenticator-app secrets
 * (TOTP, base32) that are printed by `npm run demo`, listed in the README and written here on purpose, so a newcomer
 * can add them to any authenticator app and sign in (docs/decisions/0022-second-factor.md). Demo data only:
 * `npm start` never seeds.
 */
export const demoLogins = [
  { role: "ADMIN", name: "Admin Demo", email: "admin@vink.example", password: "vink-demo-admin-2026", totpSecret: "VINKDEMOADMINTOTPSECRETTWENTY267" },
  { role: "STAFF", name: "Sara Jensen", email: "staff@vink.example", password: "vink-demo-staff-2026", totpSecret: "VINKDEMOSTAFFTOTPSECRETTWENTY267" },
] as const;

export async function seedFoundation(db: PrismaClient) {
  for (const login of demoLogins) {
    const passwordHash = await hashPassword(login.password);
    const user = await db.user.upsert({
      where: { email: login.email },
      update: {},
      create: { email: login.email, name: login.name, role: login.role, passwordHash, emailVerifiedAt: new Date(), locale: "da" },
    });
    // sealed with this installation's SECRET_KEY, as the portal reads it
    await db.totpFactor.upsert({
      where: { userId: user.id },
      update: {},
      create: { userId: user.id, secretSealed: sealSecret("totp", login.totpSecret), confirmedAt: new Date() },
    });
  }
}
