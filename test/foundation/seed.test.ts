import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { passwordProblem } from "~/lib/password.server";
import { signIn } from "~/models/sign-in.server";
import { seed } from "../../prisma/seed";
import { demoLogins } from "../../prisma/seed/foundation";

describe("the demo seed", () => {
  it("makes the demo admin and staff user, whose printed passwords work, and runs only once", async () => {
    expect(await seed(db)).toEqual({ seeded: true });
    for (const login of demoLogins) {
      expect(passwordProblem(login.password)).toBeNull();
      expect(await signIn(login.email, login.password, "127.0.0.1")).toMatchObject({ ok: true, role: login.role });
    }
    const users = await db.user.count();
    const outbox = await db.emailOutbox.count();
    expect(await seed(db)).toEqual({ seeded: false });
    expect(await db.user.count()).toBe(users);
    expect(await db.emailOutbox.count()).toBe(outbox);
  });
});
