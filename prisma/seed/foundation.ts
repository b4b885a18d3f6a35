import type { PrismaClient } from "~/generated/prisma/client";
import { hashPassword } from "~/lib/password.server";

/**
 * The people every demo starts with: one admin and one member of staff, with passwords that are printed by
 * `npm run demo` and written here on purpose. Demo data only: `npm start` never seeds.
 */
export const demoLogins = [
  { role: "ADMIN", name: "Admin Demo", email: "admin@vink.example", password: "vink-demo-admin-2026" },
  { role: "STAFF", name: "Sara Jensen", email: "staff@vink.example", password: "vink-demo-staff-2026" },
] as const;

export async function seedFoundation(db: PrismaClient) {
  for (const login of demoLogins) {
    const passwordHash = await hashPassword(login.password);
    await db.user.upsert({
      where: { email: login.email },
      update: {},
      create: { email: login.email, name: login.name, role: login.role, passwordHash, emailVerifiedAt: new Date(), locale: "da" },
    });
  }
}
