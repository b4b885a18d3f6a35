import type { Role } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";

let n = 0;
const next = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export const DEFAULT_PASSWORD = "korrekt hest batteri hæfteklamme";

let passwordHash: Promise<string> | undefined;

/** A user with overrides; the default password is DEFAULT_PASSWORD (hashed once per file, for speed). */
export async function createUser(overrides: { role?: Role; email?: string; name?: string; password?: string; locale?: string; disabledAt?: Date | null } = {}) {
  const id = next();
  passwordHash ??= hashPassword(DEFAULT_PASSWORD);
  return db.user.create({
    data: {
      email: (overrides.email ?? `user-${id}@example.dk`).toLowerCase(),
      name: overrides.name ?? `Test Bruger ${id}`,
      role: overrides.role ?? "STAFF",
      passwordHash: overrides.password ? await hashPassword(overrides.password) : await passwordHash,
      emailVerifiedAt: new Date(),
      locale: overrides.locale ?? "da",
      disabledAt: overrides.disabledAt ?? null,
    },
  });
}
