import path from "node:path";
import { pathToFileURL } from "node:url";
import { request as apiRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { routeAccess, type Access } from "~/lib/access";
import { root } from "../support/db";
import { expect, models, signInRequest, test, type App } from "./fixtures";

/**
 * THE route walk: every route in the production build is requested as every role, and the answer must match the
 * route's declaration in app/lib/access.ts. The expectations are written out here, not imported from the guard, so
 * that a mistake in the guard fails this test.
 */

type Seed = Awaited<ReturnType<typeof models>>;
type SampleContext = { seed: Seed; role: RoleName; userId: string | null };
/** A path to request for a route with params; a function when it needs seeded data (called once per role). */
type Sample = string | ((ctx: SampleContext) => string | Promise<string>);

/**
 * Sample URLs for routes whose path has params (`:token`, `*`), keyed by route id. Add one for every such route you
 * create. An invented token is fine: the route then answers 404 or redirects, and the walk still sees the guard.
 */
const samples: Record<string, Sample> = {
  "routes/$": "/denne-side-findes-ikke",
  "routes/member.$": "/member/denne-side-findes-ikke",
  "routes/staff.$": "/staff/denne-side-findes-ikke",
  "routes/forum.confirm.$token": "/forum/confirm/ikke-et-rigtigt-token",
  "routes/forum.join.$token": "/forum/join/ikke-et-rigtigt-token",
  "routes/staff.forum.$organisationId": async ({ seed }) => `/staff/forum/${(await seed.createOrganisation({ state: "PENDING" })).organisation.id}`,
  "routes/reset-password.$token": "/reset-password/ikke-et-rigtigt-token-0123456789",
  "routes/invitation.$token": "/invitation/ikke-et-rigtigt-token-0123456789",
  "routes/dev.mail_.$id": "/dev/mail/ikke-en-mail",
  "routes/events.$eventId": async ({ seed }) => `/events/${(await sampleEvent(seed)).id}`,
  "routes/events.$eventId_.calendar[.]ics": async ({ seed }) => `/events/${(await sampleEvent(seed)).id}/calendar.ics`,
  "routes/registrations.$token": "/registrations/ikke-et-rigtigt-token-0123456789",
  "routes/registrations.$token_.calendar[.]ics": "/registrations/ikke-et-rigtigt-token-0123456789/calendar.ics",
  "routes/registrations.offer.$token": "/registrations/offer/ikke-et-rigtigt-token-0123456789",
  "routes/staff.events.$eventId._index": async ({ seed }) => `/staff/events/${(await sampleEvent(seed)).id}`,
  "routes/staff.events.$eventId.participants": async ({ seed }) => `/staff/events/${(await sampleEvent(seed)).id}/participants`,
  "routes/staff.events.$eventId.participants[.]csv": async ({ seed }) =>
    `/staff/events/${(await sampleEvent(seed)).id}/participants.csv`,
  "routes/staff.events.$eventId.attendance": async ({ seed }) => `/staff/events/${(await sampleEvent(seed)).id}/attendance`,
  // issue 9 items 4-5: the draft preview, messages to participants
  "routes/staff_.events.$eventId.preview": async ({ seed }) => `/staff/events/${(await sampleEvent(seed)).id}/preview`,
  "routes/staff.events.$eventId.messages._index": async ({ seed }) => `/staff/events/${(await sampleEvent(seed)).id}/messages`,
  "routes/staff.events.$eventId.messages.$messageId": async ({ seed }) => {
    const m = await sampleMessage(seed);
    return `/staff/events/${m.eventId}/messages/${m.id}`;
  },
  "routes/staff.events.$eventId.messages.$messageId.progress": async ({ seed }) => {
    const m = await sampleMessage(seed);
    return `/staff/events/${m.eventId}/messages/${m.id}/progress`;
  },
  "routes/staff.events.$eventId.invitations._index": async ({ seed }) => `/staff/events/${(await sampleEvent(seed)).id}/invitations`,
  "routes/staff.events.$eventId.invitations.new": async ({ seed }) => `/staff/events/${(await sampleEvent(seed)).id}/invitations/new`,
  "routes/staff.events.$eventId.invitations.$invitationId": async ({ seed }) => {
    const i = await sampleInvitation(seed);
    return `/staff/events/${i.eventId}/invitations/${i.id}`;
  },
  "routes/staff.events.$eventId.invitations.$invitationId.progress": async ({ seed }) => {
    const i = await sampleInvitation(seed);
    return `/staff/events/${i.eventId}/invitations/${i.id}/progress`;
  },
  "routes/invitations.$token": "/invitations/ikke-et-rigtigt-token-0123456789",
  "routes/unsubscribe.$token": "/unsubscribe/ikke-et-rigtigt-token-0123456789",
  "routes/calendar.member.$token.feed[.]ics": "/calendar/member/ikke-et-rigtigt-token-0123456789/feed.ics",
  // evaluations
  "routes/staff.events.$eventId.evaluation": async ({ seed }) => `/staff/events/${(await sampleEvent(seed)).id}/evaluation`,
  "routes/evaluations.$token": "/evaluations/ikke-et-rigtigt-token-0123456789",
  "routes/privacy_.my-data_.$token": "/privacy/my-data/ikke-et-rigtigt-token-0123456789",
  "routes/privacy_.my-data_.$token_.data[.]json": "/privacy/my-data/ikke-et-rigtigt-token-0123456789/data.json",
  "routes/privacy_.my-data_.$token_.data[.]csv": "/privacy/my-data/ikke-et-rigtigt-token-0123456789/data.csv",
};

let message: Promise<{ id: string; eventId: string }> | undefined;
const sampleMessage = (seed: Seed) =>
  (message ??= sampleEvent(seed).then((e) =>
    seed.db.participantMessage.create({ data: { eventId: e.id, subject: "Besked", messageDa: "Hej", audience: "REGISTERED" }, select: { id: true, eventId: true } }),
  ));

let invitation: Promise<{ id: string; eventId: string }> | undefined;
const sampleInvitation = (seed: Seed) =>
  (invitation ??= sampleEvent(seed).then((e) =>
    seed.db.invitation.create({ data: { eventId: e.id, subject: "Invitation", message: "Velkommen", audience: "{}" }, select: { id: true, eventId: true } }),
  ));

// One real event per worker for the samples, so the right role sees the page itself and not only a 404.
let event: Promise<{ id: string }> | undefined;
const sampleEvent = (seed: Seed) => (event ??= seed.createEvent());

type RoleName = "anonymous" | "member (not active)" | "member (active)" | "staff" | "admin" | "staff without a second factor";

/** `held`: signed in but sent to /account/security from every route that is neither public nor in `enrolment`. */
type Role = { name: RoleName; signedIn: boolean; may: (access: Access) => boolean; held?: boolean };

/** What staff without a second factor may reach besides public pages: setting one up (docs/decisions/0022-second-factor.md). */
const enrolment = ["routes/account.security", "routes/account.passkeys"];
const isHeld = (role: Role, route: WalkRoute) => role.held === true && route.access !== "public" && !enrolment.includes(route.id);

const roles: Role[] = [
  { name: "anonymous", signedIn: false, may: (a) => a === "public" },
  { name: "member (not active)", signedIn: true, may: (a) => a === "public" || a === "user" },
  { name: "member (active)", signedIn: true, may: (a) => a === "public" || a === "user" || a === "member" },
  { name: "staff", signedIn: true, may: (a) => a === "public" || a === "user" || a === "staff" },
  { name: "admin", signedIn: true, may: (a) => a !== "member" },
  { name: "staff without a second factor", signedIn: true, may: (a) => a === "public" || a === "user", held: true },
];

type BuildRoute = {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: { loader?: unknown; action?: unknown; default?: unknown };
};

type WalkRoute = { id: string; access: Access; pattern: string; hasLoader: boolean; hasAction: boolean; index: boolean };

/** The routes of the production build the e2e app runs (the same VINK_BUILD_DIR). */
async function buildRoutes(): Promise<Record<string, BuildRoute>> {
  const file = path.join(root, process.env.VINK_BUILD_DIR ?? "build", "server/index.js");
  const build = (await import(pathToFileURL(file).href)) as { routes: Record<string, BuildRoute> };
  return build.routes;
}

function fullPattern(routes: Record<string, BuildRoute>, id: string): string {
  const segments: string[] = [];
  for (let r: BuildRoute | undefined = routes[id]; r; r = r.parentId ? routes[r.parentId] : undefined) {
    if (r.path) segments.unshift(r.path);
  }
  return `/${segments.join("/")}`.replace(/\/+/g, "/");
}

const hasParams = (pattern: string) => pattern.split("/").some((s) => s.startsWith(":") || s === "*");

async function walkList(): Promise<{ routes: WalkRoute[]; undeclared: string[]; stale: string[] }> {
  const routes = await buildRoutes();
  const ids = Object.keys(routes);
  const declared = routeAccess as Record<string, Access>;
  return {
    undeclared: ids.filter((id) => !declared[id]),
    stale: Object.keys(declared).filter((id) => !routes[id]),
    routes: ids
      .filter((id) => declared[id])
      .map((id) => ({
        id,
        access: declared[id]!,
        pattern: fullPattern(routes, id),
        hasLoader: typeof routes[id]!.module.loader === "function",
        hasAction: typeof routes[id]!.module.action === "function",
        index: routes[id]!.index === true,
      })),
  };
}

/** Has the forum engineer's factory for a member with active membership landed yet? Then the walk covers them. */
async function activeMemberFactory(seed: Seed): Promise<(() => Promise<{ id: string; email: string }>) | undefined> {
  const f = (seed as Record<string, unknown>).createActiveMember;
  return typeof f === "function" ? (f as () => Promise<{ id: string; email: string }>) : undefined;
}

async function createRoleUser(seed: Seed, role: RoleName): Promise<{ id: string; email: string } | null | "unavailable"> {
  switch (role) {
    case "anonymous":
      return null;
    case "member (not active)":
      return seed.createUser({ role: "MEMBER" });
    case "member (active)": {
      const factory = await activeMemberFactory(seed);
      return factory ? factory() : "unavailable";
    }
    case "staff":
      return seed.createUser({ role: "STAFF" });
    case "admin":
      return seed.createUser({ role: "ADMIN" });
    case "staff without a second factor":
      return seed.createUser({ role: "STAFF", secondFactor: false });
  }
}

const sessionCookieName = /^(__Host-)?vink_session$/;

/** A request context signed in through the real /login form (POST with the right Origin), or anonymous. */
async function clientFor(app: App, email: string | null, password: string): Promise<APIRequestContext> {
  const ctx = await apiRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { Origin: app.url }, maxRedirects: 0 });
  if (email) await signInWith(ctx, email, password);
  return ctx;
}

async function signInWith(ctx: APIRequestContext, email: string, password: string) {
  // the real forms, second step included (a fresh TOTP code each time: the walk signs in again after /logout)
  const res = await signInRequest(ctx, email, password);
  expect(res.status(), `signing in as ${email}`).toBe(302);
  const state = await ctx.storageState();
  expect(state.cookies.some((c) => sessionCookieName.test(c.name) && c.value)).toBe(true);
}

async function sessionCookie(ctx: APIRequestContext) {
  const state = await ctx.storageState();
  return state.cookies.find((c) => sessionCookieName.test(c.name))?.value ?? "";
}

function dataUrl(urlPath: string, routeId?: string) {
  const base = urlPath === "/" ? "/_root.data" : `${urlPath.replace(/\/$/, "")}.data`;
  return routeId ? `${base}?_routes=${encodeURIComponent(routeId)}` : base;
}

test("every route in the build has an access declaration, and every declaration names a route", async () => {
  const { undeclared, stale, routes } = await walkList();
  expect(routes.length).toBeGreaterThan(5);
  expect(undeclared, "routes with no entry in routeAccess (app/lib/access.ts)").toEqual([]);
  expect(stale, "entries in routeAccess (app/lib/access.ts) for routes that no longer exist: delete them").toEqual([]);
});

test("every route with params has a sample URL in this spec", async () => {
  const { routes } = await walkList();
  const missing = routes.filter((r) => hasParams(r.pattern) && !samples[r.id]).map((r) => `${r.id} (${r.pattern})`);
  expect(missing, "add an entry to `samples` in test/e2e/permissions.spec.ts for each of these routes").toEqual([]);
  const unknown = Object.keys(samples).filter((id) => !routes.some((r) => r.id === id));
  expect(unknown, "entries in `samples` for routes that no longer exist: delete them").toEqual([]);
});

for (const role of roles) {
  test(`every route answers ${role.name} as its declaration says`, async ({ app }, testInfo) => {
    const seed = await models();
    const user = await createRoleUser(seed, role.name);
    if (user === "unavailable") {
      // Not a skip of the walk: the other roles run in full. This role joins by itself once the factory exists.
      testInfo.annotations.push({
        type: "pending",
        description: "createActiveMember() is not in test/support/factories.ts yet; the active member is not walked",
      });
      expect(await activeMemberFactory(seed)).toBeUndefined();
      return;
    }
    const { routes } = await walkList();
    // Seed every sample first, so the walk itself sends its requests without pauses (an idle keep-alive socket that
    // the server closes just as the next request goes out would fail the walk for nothing).
    const targets: { route: WalkRoute; urlPath: string; label: string }[] = [];
    for (const route of routes) {
      const sample = samples[route.id];
      const urlPath = sample
        ? typeof sample === "string"
          ? sample
          : await sample({ seed, role: role.name, userId: user?.id ?? null })
        : route.pattern;
      if (hasParams(urlPath)) continue; // reported by the test above
      targets.push({ route, urlPath, label: `${role.name} ${route.id} (${route.access})` });
    }
    const ctx = await clientFor(app, user?.email ?? null, seed.DEFAULT_PASSWORD);
    const problems: string[] = [];
    try {
      // GETs change nothing, so they go a few at a time.
      await inParallel(targets, 4, async ({ route, urlPath, label }) => {
        const page = await ctx.get(urlPath);
        problems.push(...judge(label, `GET ${urlPath}`, page, role, route, urlPath));
        if (route.hasLoader) {
          // A client-side navigation may ask only this route's loader (`_routes`): it must refuse on its own, not lean
          // on a parent. And the plain data URL (every loader of the page) must refuse as well.
          for (const url of [dataUrl(urlPath, route.id), dataUrl(urlPath)]) {
            const data = await ctx.get(url);
            problems.push(...(await judgeData(label, `GET ${url}`, data, role, route, urlPath)));
          }
        }
      });
      // POSTs one at a time: one of them may end the session.
      for (const { route, urlPath, label } of targets.filter((t) => t.route.hasAction)) {
        const before = await sessionCookie(ctx);
        // an index route's action answers at ?index (where its own <Form> posts); without it the layout would answer
        const postPath = route.index ? `${urlPath}${urlPath.includes("?") ? "&" : "?"}index` : urlPath;
        const post = await ctx.post(postPath, { form: {} });
        problems.push(...judge(label, `POST ${postPath}`, post, role, route, urlPath));
        // An action that ended the session (sign-out) must not leave the rest of the walk anonymous.
        if (user && (await sessionCookie(ctx)) !== before) await signInWith(ctx, user.email, seed.DEFAULT_PASSWORD);
      }
    } finally {
      await ctx.dispose();
    }
    problems.sort();
    expect(problems, problems.join("\n")).toEqual([]);
  });
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

function judge(label: string, what: string, res: APIResponse, role: Role, route: WalkRoute, urlPath: string): string[] {
  const status = res.status();
  const location = res.headers()["location"] ?? "";
  if (status >= 500) return [`${label}: ${what} answered ${status}`];
  if (isHeld(role, route)) {
    return status === 302 && location === "/account/security" ? [] : [`${label}: ${what} should redirect to /account/security, got ${status} ${location}`];
  }
  if (!role.signedIn && !role.may(route.access)) {
    const expected = `/login?redirectTo=${encodeURIComponent(urlPath)}`;
    return status === 302 && location === expected
      ? []
      : [`${label}: ${what} should redirect to ${expected}, got ${status} ${location}`];
  }
  if (!role.may(route.access)) return status === 403 ? [] : [`${label}: ${what} should be 403, got ${status} ${location}`];
  if (status === 401 || status === 403) return [`${label}: ${what} was refused with ${status}`];
  return location.startsWith("/login?redirectTo=") ? [`${label}: ${what} was sent to sign in (${location})`] : [];
}

async function judgeData(label: string, what: string, res: APIResponse, role: Role, route: WalkRoute, urlPath: string) {
  const status = res.status();
  if (status >= 500) return [`${label}: ${what} answered ${status}`];
  const body = await res.text();
  if (isHeld(role, route)) {
    return status === 202 && body.includes("SingleFetchRedirect") && body.includes("/account/security")
      ? []
      : [`${label}: ${what} should answer a redirect to /account/security, got ${status} ${body.slice(0, 200)}`];
  }
  if (role.may(route.access)) {
    if (status === 401 || status === 403) return [`${label}: ${what} was refused with ${status}`];
    return body.includes("/login?redirectTo=") ? [`${label}: ${what} was sent to sign in`] : [];
  }
  if (!role.signedIn) {
    // Single fetch answers a redirect as 202 with the target in the body, never the loader's data.
    const expected = `/login?redirectTo=${encodeURIComponent(urlPath)}`;
    return status === 202 && body.includes("SingleFetchRedirect") && body.includes(expected)
      ? []
      : [`${label}: ${what} should answer a redirect to ${expected}, got ${status} ${body.slice(0, 200)}`];
  }
  return status === 403 ? [] : [`${label}: ${what} should be 403, got ${status}`];
}
