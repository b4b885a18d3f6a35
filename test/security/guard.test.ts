import type { ServerBuild } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { guardBuild } from "~/lib/guard.server";

/** A build with these routes (ids as Remix names them); only what the guard reads is filled in. */
function buildWith(routes: Record<string, { loader?: () => unknown; action?: () => unknown }>): ServerBuild {
  const entries = Object.entries(routes).map(([id, mod]) => [id, { id, path: id, module: { default: () => null, ...mod } }]);
  return { routes: Object.fromEntries(entries) } as unknown as ServerBuild;
}

const loader = () => "data";

/** Calls a wrapped loader or action; gives back what it returned or threw. */
async function run(fn: unknown, args: unknown): Promise<unknown> {
  return Promise.resolve()
    .then(() => (fn as (a: unknown) => unknown)(args))
    .catch((thrown: unknown) => thrown);
}

describe("guardBuild refuses to start", () => {
  test("when a route has no access declaration", () => {
    expect(() => guardBuild(buildWith({ root: { loader }, "routes/not-declared": { loader } }))).toThrow(
      'Route "routes/not-declared" has no access declaration in app/lib/access.ts',
    );
  });

  test("when a protected route has no loader", () => {
    expect(() => guardBuild(buildWith({ root: { loader }, "routes/staff": {} }))).toThrow(
      'Route "routes/staff" is staff-only and must have a loader',
    );
  });

  test("but takes a public route without a loader", () => {
    expect(() => guardBuild(buildWith({ root: { loader }, "routes/privacy": {} }))).not.toThrow();
  });
});

describe("the wrapped loaders and actions", () => {
  const context = (user: { role: string } | null) => ({ user: user && { id: "u1", secondFactor: true, ...user }, locale: "da" }) as never;
  const args = (url: string, user: { role: string } | null) => ({ request: new Request(url), params: {}, context: context(user) });

  test("send anonymous visitors to sign in, with the page (not the data URL) to come back to", async () => {
    const built = guardBuild(buildWith({ root: { loader }, "routes/staff": { loader, action: loader } }));
    const wrapped = built.routes["routes/staff"]!.module;
    const thrown = await run(wrapped.loader, args("http://x/staff.data?a=1&_routes=routes%2Fstaff", null));
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/staff?a=1")}`);
    const fromAction = await run(wrapped.action, args("http://x/staff", null));
    expect((fromAction as Response).status).toBe(302);
  });

  test("refuse a wrong role with 403 and let the right one through", async () => {
    const built = guardBuild(buildWith({ root: { loader }, "routes/staff.users": { loader } }));
    const wrapped = built.routes["routes/staff.users"]!.module.loader;
    for (const role of ["MEMBER", "STAFF"]) {
      const thrown = await run(wrapped, args("http://x/staff/users", { role }));
      expect((thrown as Response).status, role).toBe(403);
    }
    expect(await run(wrapped, args("http://x/staff/users", { role: "ADMIN" }))).toBe("data");
  });
});
