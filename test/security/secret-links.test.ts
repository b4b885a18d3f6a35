import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { accessFor, secretLinkRoutes } from "~/lib/access";
import { env } from "~/lib/env.server";
import { guardBuild } from "~/lib/guard.server";
import { createSecretLinkHeaders, securityMiddleware } from "~/lib/security.server";

/** A build with these routes under root (ids and paths as Remix makes them); only what the code reads is filled in. */
function buildWith(routes: Record<string, string>): ServerBuild {
  const entries = Object.entries(routes).map(([id, path]) => [id, { id, path, parentId: "root", module: { default: () => null, loader: () => null } }]);
  return { routes: { root: { id: "root", path: "", module: { default: () => null } }, ...Object.fromEntries(entries) } } as unknown as ServerBuild;
}

describe("the guard", () => {
  test("refuses to start when a route takes a token in its address and is not declared a secret link", () => {
    expect(() => guardBuild(buildWith({ "routes/registrations.$token": "registrations/:token" }))).not.toThrow();
    // a new page behind a token, declared public but forgotten in secretLinkRoutes
    const forgotten = buildWith({ "routes/privacy": "privacy/:token" });
    expect(() => guardBuild(forgotten)).toThrow('Route "routes/privacy" takes a token in its address and must be declared in secretLinkRoutes');
    expect(() => guardBuild(buildWith({ "routes/privacy": "privacy/:accessToken/x" }))).toThrow(/secretLinkRoutes/);
  });

  test("every declared secret link is public: the token is the key", () => {
    for (const id of secretLinkRoutes) expect(accessFor(id), id).toBe("public");
  });
});

let base = "";
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  // every declared secret link, with its path as Remix's flat routes make it ("a.$b[.]ics" → "a/:b.ics")
  const flatPath = (id: string) =>
    id
      .replace(/^routes\//, "")
      .split(/\.(?![^[]*\])/)
      .map((s) => s.replace(/^\$/, ":").replace("[.]", "."))
      .join("/");
  const build = buildWith(Object.fromEntries(secretLinkRoutes.map((id) => [id, flatPath(id)])));
  expect(flatPath("routes/calendar.member.$token.feed[.]ics")).toBe("calendar/member/:token/feed.ics");
  const app = express();
  app.use(securityMiddleware);
  app.use(createSecretLinkHeaders(build));
  // the route's own headers lose: the secret-link headers are the last word
  app.get("/registrations/:token", (req, res) => {
    if (req.params.token === "bad") return res.status(404).type("text/html").send("not found");
    res.setHeader("Cache-Control", "public, max-age=600");
    res.type("text/html").send("page");
  });
  app.post("/registrations/:token", (req, res) => res.type("text/plain").send(`posted from ${req.headers.origin ?? "(checked)"}`));
  app.get("/calendar/member/:token/feed.ics", (_req, res) => res.type("text/calendar").send("BEGIN:VCALENDAR"));
  app.get("/privacy", (_req, res) => res.type("text/html").send("privacy"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(() => close());

describe("the secret-link headers", () => {
  test("come with the page, its data request, its 404 and a file, whatever the route said", async () => {
    for (const path of ["/registrations/abc", "/registrations/abc.data?_routes=x", "/registrations/bad", "/Registrations/abc/", "/calendar/member/abc/feed.ics"]) {
      const res = await fetch(base + path);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
    expect((await fetch(`${base}/registrations/bad`)).status).toBe(404);
  });

  test("and not with other pages", async () => {
    const res = await fetch(`${base}/privacy`);
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("cache-control")).toBeNull();
  });
});

describe("a form posted from a page with no-referrer", () => {
  // Fetch standard: a navigation POST from a no-referrer page carries "Origin: null"; the browser's Sec-Fetch-Site tells
  const post = (headers: Record<string, string>) => fetch(`${base}/registrations/abc`, { method: "POST", headers, body: "intent=cancel" });

  test("is taken when the browser says it is same-origin", async () => {
    const fromPage = await post({ Origin: "null", "Sec-Fetch-Site": "same-origin" });
    expect(fromPage.status).toBe(200);
    // Remix's own check (Origin against Host) would refuse "null": the request goes on without it
    expect(await fromPage.text()).toBe("posted from (checked)");
    expect((await post({ Origin: env().APP_URL })).status).toBe(200);
  });

  test("is refused from another site, a sandboxed frame, or without either header", async () => {
    expect((await post({ Origin: "null", "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await post({ Origin: "null", "Sec-Fetch-Site": "same-site" })).status).toBe(403);
    expect((await post({ Origin: "null" })).status).toBe(403);
    expect((await post({ "Sec-Fetch-Site": "same-origin" })).status).toBe(403);
    expect((await post({ Origin: "https://evil.example", "Sec-Fetch-Site": "same-origin" })).status).toBe(403);
  });
});
