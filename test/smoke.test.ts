import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { createUser } from "./support/factories";

describe("test database", () => {
  it("starts migrated and empty, and factories write to it", async () => {
    expect(await db.user.count()).toBe(0);
    const user = await createUser({ role: "ADMIN" });
    expect(await db.user.findUnique({ where: { id: user.id } })).toMatchObject({ role: "ADMIN" });
  });
});
