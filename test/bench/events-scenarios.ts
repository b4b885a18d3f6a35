/**
 * The events area under load: /events (anonymous, and signed in so that the page cache is out of the way) and one
 * event page with 300 events and 5,000 registrations in the database,
 * and a burst of 500 simultaneous sign-ups through the model (the capacity transaction), printed as sign-ups/s.
 * The sign-up form itself is rate limited per address, so the burst runs beside the server, against its database.
 */
import { paths } from "~/lib/urls";
import type { BenchContext, Scenario } from "./scenarios";

let data: Promise<string[]> | undefined;
const bulk = (ctx: BenchContext) => (data ??= ctx.seed.createManyEvents(300, 5000));

async function burst(ctx: BenchContext) {
  const event = await ctx.seed.createEvent({ capacity: 50 });
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: 500 }, (_, i) => ctx.seed.createRegistration(event.id, { email: `burst-${i}@example.dk` })),
  );
  const seconds = (performance.now() - started) / 1000;
  const registered = results.filter((r) => r.status === "REGISTERED").length;
  console.log(
    `  sign-up burst: 500 simultaneous sign-ups in ${seconds.toFixed(2)} s = ${(500 / seconds).toFixed(0)} sign-ups/s ` +
      `(${registered} registered, ${500 - registered} waitlisted, capacity 50)`,
  );
  return event;
}

export const eventScenarios: Scenario[] = [
  {
    name: "events list, 300 events and 5,000 registrations",
    path: "/events",
    setup: async (ctx) => {
      await bulk(ctx);
    },
  },
  {
    // the same list for a signed-in visitor, whom the page cache never serves: what the frame and the query cost
    name: "events list, 300 events, signed in (not cached)",
    path: "/events",
    setup: async (ctx) => {
      await bulk(ctx);
      const staff = await ctx.seed.createUser({ role: "STAFF" });
      return { headers: { Cookie: await ctx.signIn(staff.email, ctx.seed.DEFAULT_PASSWORD) } };
    },
  },
  {
    name: "event page, 300 events and 5,000 registrations (after a 500 sign-up burst)",
    path: "/events/:slug",
    setup: async (ctx) => {
      await bulk(ctx);
      const event = await burst(ctx);
      // the event's own address (a slug, or the short id of a discreet event): /events/<slug> of a discreet one is a 301
      return { path: paths.publicEvent(event) };
    },
  },
];
