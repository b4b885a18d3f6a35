import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { listStaffEvents } from "~/models/events.server";
import { getPublicEvent, listPublicEvents } from "~/models/public-events.server";
import { seedEvents } from "../../prisma/seed/events";

describe("the events demo seed", () => {
  it("has every kind of event the demo shows, with the right fill", async () => {
    await seedEvents(db);
    const list = await listPublicEvents();
    const bySlug = Object.fromEntries(list.map((e) => [e.slug, e]));
    expect(bySlug["kursus-for-foraeldre"]).toMatchObject({ availability: "few", placesLeft: 3 });
    expect(bySlug["kursus-for-foraeldre"]!.sessionCount).toBe(4);
    expect(bySlug["kursus-for-soeskende"]).toMatchObject({ availability: "waitlist", waitingCount: 3 });
    expect(Object.keys(bySlug)).toEqual(expect.arrayContaining(["aaben-hoering-forebyggelse", "temadag-online-radikalisering", "netvaerksmoede-fagpersoner"]));
    // not on the public list: members only, past, cancelled
    expect(bySlug["medborgerforum-moede"]).toBeUndefined();
    expect(bySlug["oplaeg-ungdomsmiljoeer"]).toBeUndefined();
    expect(bySlug["temadag-aflyst"]).toBeUndefined();
    expect(await getPublicEvent("medborgerforum-moede", null)).toBeNull();
    expect((await getPublicEvent("temadag-aflyst", null))!.state).toBe("cancelled");
    const states = Object.fromEntries((await listStaffEvents()).map((e) => [e.title, e.state]));
    expect(Object.values(states)).toEqual(expect.arrayContaining(["past", "cancelled", "published"]));
    expect((await listPublicEvents({ courses: true })).map((e) => e.slug).sort()).toEqual(["kursus-for-foraeldre", "kursus-for-soeskende"]);
  });
});
