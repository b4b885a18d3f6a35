import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { charterStatus, getCurrentCharter } from "~/models/charter.server";
import { hasActiveMembership } from "~/models/membership.server";
import { seedFoundation } from "../../prisma/seed/foundation";
import { forumDemoLogins, seedForum } from "../../prisma/seed/forum";

describe("the forum's demo seed", () => {
  it("shows the forum alive: every state, version 2 current and open, one member still on version 1", async () => {
    const now = new Date();
    await seedFoundation(db);
    await seedForum(db, now);
    const states = await db.organisation.groupBy({ by: ["state"], _count: { _all: true } });
    expect(Object.fromEntries(states.map((s) => [s.state, s._count._all]))).toEqual({ APPROVED: 6, LAPSED: 1, LEFT: 1, NEEDS_INFO: 1, PENDING: 2, REJECTED: 1, SUSPENDED: 1, UNCONFIRMED: 1 });
    expect(await db.organisation.count()).toBe(14);
    const current = await getCurrentCharter();
    expect(current?.number).toBe(2);
    expect(current!.signDeadline!.getTime()).toBeGreaterThan(now.getTime());
    expect(current!.textDa).toContain("Ytringsfrihed og religionsfrihed");
    expect(current!.textEn).toContain("Rejection of violence and violent extremism");

    const approved = await db.organisation.findMany({ where: { state: "APPROVED" }, select: { id: true } });
    const statuses = await Promise.all(approved.map((o) => charterStatus(o.id, now)));
    expect(statuses.filter((s) => s.mustSign)).toHaveLength(1);
    expect(statuses.filter((s) => !s.mustSign)).toHaveLength(5);

    const [signedLogin, bannerLogin] = forumDemoLogins;
    const signedUser = await db.user.findUniqueOrThrow({ where: { email: signedLogin.email } });
    const bannerUser = await db.user.findUniqueOrThrow({ where: { email: bannerLogin.email }, include: { forumContact: true } });
    expect(await hasActiveMembership(signedUser.id)).toBe(true);
    expect(await hasActiveMembership(bannerUser.id)).toBe(true);
    expect((await charterStatus(bannerUser.forumContact!.organisationId, now)).mustSign).toBe(true);

    // running it again changes nothing
    await seedForum(db, now);
    expect(await db.charterVersion.count()).toBe(2);
  });
});
