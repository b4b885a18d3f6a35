import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { listStaffEvents } from "~/models/events.server";
import { getPublicEvent, listPublicEvents } from "~/models/public-events.server";
import { seedEvents } from "../../prisma/seed/events";

describe("the events demo seed", () => {
  it("has every kind of event the demo shows, with the right fill", async () => {
    await seedEvents(db);
    const list = await listPublicEvents();
    const slugs = new Map((await db.event.findMany({ select: { id: true, slug: true } })).map((e) => [e.id, e.slug]));
    const slugOf = (e: { id: string }) => slugs.get(e.id)!;
    const bySlug = Object.fromEntries(list.map((e) => [slugOf(e), e]));
    expect(bySlug["kursus-for-foraeldre"]).toMatchObject({ availability: "few", placesLeft: 3 });
    expect(bySlug["kursus-for-foraeldre"]!.sessionCount).toBe(4);
    expect(bySlug["kursus-for-soeskende"]).toMatchObject({ availability: "waitlist" });
    expect(await db.event.findUnique({ where: { slug: "kursus-for-soeskende" }, select: { waitingCount: true } })).toEqual({ waitingCount: 3 });
    expect(Object.keys(bySlug)).toEqual(expect.arrayContaining(["aaben-hoering-forebyggelse", "temadag-online-radikalisering", "netvaerksmoede-fagpersoner"]));
    // not on the public list: members only, past, cancelled
    expect(bySlug["medborgerforum-moede"]).toBeUndefined();
    expect(bySlug["oplaeg-ungdomsmiljoeer"]).toBeUndefined();
    expect(bySlug["temadag-aflyst"]).toBeUndefined();
    expect(await getPublicEvent("medborgerforum-moede", null)).toBeNull();
    expect((await getPublicEvent("temadag-aflyst", null))!.state).toBe("cancelled");
    const states = Object.fromEntries((await listStaffEvents()).map((e) => [e.title, e.state]));
    expect(Object.values(states)).toEqual(expect.arrayContaining(["past", "cancelled", "published"]));
    expect((await listPublicEvents({ courses: true })).map(slugOf).sort()).toEqual(["kursus-for-foraeldre", "kursus-for-soeskende"]);
  });
});
