/**
 * What `npm run bench` measures, besides the bare node:http server it compares against. Add a scenario for each page
 * that matters under load: a name, the path, and (optionally) a setup that seeds data through the app's models and
 * may return the path to load (e.g. with a seeded id) and headers (e.g. a signed-in cookie).
 */
import type * as Factories from "../support/factories";
import { eventScenarios } from "./events-scenarios";

export type BenchContext = {
  /** the running production app, e.g. http://localhost:41234 */
  url: string;
  /** the app's factories and models, against the benchmark's own database */
  seed: typeof Factories;
  /** signs in through the real /login form and returns the Cookie header to send */
  signIn: (email: string, password: string) => Promise<string>;
};

export type SetupResult = { path?: string; headers?: Record<string, string> } | void;

export type Scenario = {
  name: string;
  path: string;
  setup?: (ctx: BenchContext) => Promise<SetupResult>;
};

/**
 * The yardstick the portal's pages are compared with: one route with a loader in a bench-only Remix app
 * (test/bench/minimal), served by the same Express + Remix setup, measured in the same run (docs/decisions/0030-frame-cost.md).
 */
export const minimalScenario: Scenario = { name: "minimal Remix route (same Express + Remix setup)", path: "/" };

export const scenarios: Scenario[] = [
  { name: "home (no database)", path: "/" },
  { name: "login form (no database)", path: "/login" },
  {
    name: "events list, 20 published events",
    path: "/events",
    setup: async ({ seed }) => {
      for (let i = 0; i < 20; i++) await seed.createEvent({ capacity: 20 + i });
    },
  },
  {
    name: "one event page",
    path: "/events/:eventId",
    setup: async ({ seed }) => ({ path: `/events/${(await seed.createEvent()).id}` }),
  },
  {
    name: "forum members list, 30 organisations",
    path: "/forum/members",
    setup: async ({ seed }) => {
      for (let i = 0; i < 30; i++) await seed.createOrganisation({ state: "APPROVED", publicListing: true });
    },
  },
  {
    name: "staff home, signed in (session lookup, overview queries)",
    path: "/staff",
    setup: async ({ seed, signIn }) => {
      const staff = await seed.createUser({ role: "STAFF" });
      return { headers: { Cookie: await signIn(staff.email, seed.DEFAULT_PASSWORD) } };
    },
  },
  // events area: 300 events, 5,000 registrations, a 500 sign-up burst (test/bench/events-scenarios.ts)
  ...eventScenarios,
];
