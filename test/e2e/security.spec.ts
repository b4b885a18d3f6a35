import { rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { request as apiRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import Database from "better-sqlite3";
import { freshDbCopy, tmpDir } from "../support/db";
import { expect, models, signInRequest, startApp, test, type App } from "./fixtures";

/** Request-level safety of the running production build: Origin check, headers, cookies, error pages. */

async function client(app: App, headers: Record<string, string> = {}): Promise<APIRequestContext> {
  return apiRequest.newContext({ baseURL: app.url, extraHTTPHeaders: headers, maxRedirects: 0 });
}

async function signedInClient(app: App): Promise<{ ctx: APIRequestContext; login: APIResponse }> {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF" });
  const ctx = await client(app, { Origin: app.url });
  const login = await signInRequest(ctx, staff.email, DEFAULT_PASSWORD);
  expect(login.status()).toBe(302);
  return { ctx, login };
}

const posts: { path: string; form: Record<string, string> }[] = [
  { path: "/login", form: { email: "nogen@example.dk", password: "forkert" } },
  { path: "/logout", form: {} },
  { path: "/language", form: { lang: "en", redirectTo: "/" } },
];

test.describe("the Origin check", () => {
  for (const { path: urlPath, form } of posts) {
    test(`POST ${urlPath} without an Origin, or from another origin, is refused; from ours it passes`, async ({ app }) => {
      const bare = await client(app);
      try {
        const none = await bare.post(urlPath, { form });
        expect(none.status()).toBe(403);
        for (const origin of ["https://evil.example", "null", app.url.replace("localhost", "127.0.0.1"), `${app.url}.evil.example`]) {
          const foreign = await bare.post(urlPath, { form, headers: { Origin: origin } });
          expect(foreign.status(), `Origin: ${origin}`).toBe(403);
        }
        const ours = await bare.post(urlPath, { form, headers: { Origin: app.url } });
        expect(ours.status()).not.toBe(403);
        expect(ours.status()).toBeLessThan(500);
      } finally {
        await bare.dispose();
      }
    });
  }

  test("a refused POST changes nothing: the language cookie is not set", async ({ app }) => {
    const bare = await client(app);
    try {
      const res = await bare.post("/language", { form: { lang: "en" }, headers: { Origin: "https://evil.example" } });
      expect(res.status()).toBe(403);
      expect(res.headers()["set-cookie"]).toBeUndefined();
    } finally {
      await bare.dispose();
    }
  });
});

function cspOf(res: APIResponse) {
  const header = res.headers()["content-security-policy"] ?? "";
  return new Map(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectSafeHeaders(res: APIResponse, what: string) {
  const headers = res.headers();
  const csp = cspOf(res);
  const scriptSrc = csp.get("script-src") ?? [];
  expect(scriptSrc.some((v) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(v)), `${what}: script-src has a nonce`).toBe(true);
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-eval'");
  expect(csp.get("object-src"), `${what}: object-src`).toEqual(["'none'"]);
  expect(csp.get("base-uri"), `${what}: base-uri`).toEqual(["'none'"]);
  expect(csp.get("frame-ancestors"), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toMatch(/^(same-origin|no-referrer|strict-origin(-when-cross-origin)?)$/);
  // plain http in tests: HSTS is only sent under https (test/security/https.test.ts)
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

test.describe("headers", () => {
  test("every kind of response carries the CSP and the safety headers", async ({ app }) => {
    const anon = await client(app);
    const { ctx: staff } = await signedInClient(app);
    try {
      const responses: [string, APIResponse][] = [
        ["GET /", await anon.get("/")],
        ["GET /login", await anon.get("/login")],
        ["GET 404", await anon.get("/findes-ikke")],
        ["GET /staff anonymous (redirect)", await anon.get("/staff")],
        ["GET /staff.data", await staff.get("/staff.data")],
        ["GET /staff signed in", await staff.get("/staff")],
        ["POST refused by the Origin check", await anon.post("/login", { form: {} })],
        ["GET /favicon.svg (static file)", await anon.get("/favicon.svg")],
        ["GET /healthz", await anon.get("/healthz")],
        ["GET /readyz", await anon.get("/readyz")],
      ];
      for (const [what, res] of responses) expectSafeHeaders(res, what);
    } finally {
      await anon.dispose();
      await staff.dispose();
    }
  });

  test("built scripts, styles and fonts carry nosniff and no page-only headers; an SVG asset is treated as a page; a missing asset is a plain 404", async ({ app }) => {
    const anon = await client(app);
    try {
      const html = await (await anon.get("/")).text();
      const css = await (await anon.get(html.match(/\/assets\/dkfds[^"]*\.css/)![0])).text();
      const files = {
        script: html.match(/\/assets\/entry\.client-[^"]*\.js/)![0],
        styles: html.match(/\/assets\/app-[^"]*\.css/)![0],
        font: css.match(/\/assets\/[^)"']*\.woff2/)![0],
        svg: css.match(/\/assets\/[^)"']*\.svg/)![0],
      };
      for (const what of ["script", "styles", "font"] as const) {
        const res = await anon.get(files[what]);
        expect(res.status(), what).toBe(200);
        expect(res.headers()["x-content-type-options"], what).toBe("nosniff");
        expect(res.headers()["referrer-policy"], what).toBe("same-origin");
        // headers only a document obeys: on each of the twenty files of a first visit they were ~10 KB on a phone
        expect(res.headers()["content-security-policy"], what).toBeUndefined();
        expect(res.headers()["x-frame-options"], what).toBeUndefined();
      }
      // an SVG opened on its own is a document that could run script: it keeps the page's policy
      expectSafeHeaders(await anon.get(files.svg), "GET an SVG from /assets");
      const missing = await anon.get("/assets/does-not-exist-1234.js");
      expect(missing.status()).toBe(404);
      expect(missing.headers()["content-type"]).toMatch(/^text\/plain/);
      expect(missing.headers()["x-content-type-options"]).toBe("nosniff");
    } finally {
      await anon.dispose();
    }
  });

  test("each page gets a fresh nonce, and every inline script carries it", async ({ app }) => {
    const anon = await client(app);
    try {
      const nonces: string[] = [];
      for (const urlPath of ["/", "/login", "/findes-ikke"]) {
        const res = await anon.get(urlPath);
        const nonce = (cspOf(res).get("script-src") ?? []).find((v) => v.startsWith("'nonce-"))!.slice(7, -1);
        nonces.push(nonce);
        const html = await res.text();
        const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
        expect(scripts.length, `${urlPath} has scripts`).toBeGreaterThan(0);
        for (const attrs of scripts) {
          if (/\bsrc=/.test(attrs)) continue;
          expect(attrs, `${urlPath}: inline script without the page's nonce`).toContain(`nonce="${nonce}"`);
        }
      }
      expect(new Set(nonces).size).toBe(nonces.length);
    } finally {
      await anon.dispose();
    }
  });

  test("pages for signed-in users are not stored; public pages for anonymous visitors may be", async ({ app }) => {
    const anon = await client(app);
    const { ctx: staff } = await signedInClient(app);
    try {
      for (const urlPath of ["/", "/staff", "/privacy", "/findes-ikke", "/staff.data"]) {
        const res = await staff.get(urlPath);
        expect(res.headers()["cache-control"], urlPath).toContain("no-store");
      }
      expect((await anon.get("/privacy")).headers()["cache-control"] ?? "").not.toContain("no-store");
    } finally {
      await anon.dispose();
      await staff.dispose();
    }
  });

  test("the session cookie is HttpOnly, SameSite=Lax, Path=/ and has no Domain", async ({ app }) => {
    const { ctx, login } = await signedInClient(app);
    try {
      const cookie = login.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("vink_session="));
      expect(cookie, "a session cookie is set at sign-in").toBeDefined();
      const attrs = cookie!.value.split(";").map((a) => a.trim().toLowerCase());
      expect(attrs).toContain("httponly");
      expect(attrs).toContain("samesite=lax");
      expect(attrs).toContain("path=/");
      expect(attrs.some((a) => a.startsWith("domain="))).toBe(false);
      const stored = (await ctx.storageState()).cookies.find((c) => c.name === "vink_session")!;
      expect(stored.httpOnly).toBe(true);
      expect(stored.sameSite).toBe("Lax");
    } finally {
      await ctx.dispose();
    }
  });
});

test.describe("pages", () => {
  test("a GET never changes anything: GET /logout does not sign out, GET /language does not switch", async ({ app }) => {
    const { ctx } = await signedInClient(app);
    try {
      const out = await ctx.get("/logout");
      expect(out.status()).toBe(302);
      expect(out.headers()["set-cookie"]).toBeUndefined();
      expect((await ctx.get("/staff")).status()).toBe(200);
      const lang = await ctx.get("/language?lang=en&redirectTo=/");
      expect(lang.headers()["set-cookie"]).toBeUndefined();
      expect(await (await ctx.get("/")).text()).toContain('<html lang="da"');
      // and the POST does sign out, so the GET above could have failed
      expect((await ctx.post("/logout", { form: {} })).status()).toBe(302);
      expect((await ctx.get("/staff")).status()).toBe(302);
    } finally {
      await ctx.dispose();
    }
  });

  test("the 404 page is inside the layout, in Danish", async ({ page }) => {
    const res = await page.goto("/findes-ikke/heller-ikke");
    expect(res?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", "da");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Siden findes ikke");
    await expect(page.getByRole("navigation", { name: "Hovedmenu" })).toBeVisible();
    await expect(page.getByRole("contentinfo")).toBeVisible();
    await expect(page.getByRole("link", { name: "Gå til forsiden" })).toBeVisible();
  });

  test("the 404 page is in English when English is chosen", async ({ page, app }) => {
    await page.context().addCookies([{ name: "vink_lang", value: "en", url: app.url }]);
    const res = await page.goto("/does-not-exist");
    expect(res?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page.getByRole("navigation", { name: "Main menu" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to the front page" })).toBeVisible();
  });

  test("a 403 is the human page inside the layout", async ({ page }) => {
    const { createUser, DEFAULT_PASSWORD } = await models();
    const member = await createUser({ role: "MEMBER" });
    await page.goto("/login");
    await page.getByLabel("E-mail").fill(member.email);
    await page.getByLabel("Adgangskode").fill(DEFAULT_PASSWORD);
    await page.getByRole("button", { name: "Log ind", exact: true }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    const res = await page.goto("/staff");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ingen adgang");
    await expect(page.getByRole("navigation", { name: "Hovedmenu" })).toBeVisible();
  });
});

test("a file that is not a database stops the server at start, with one line saying so", async () => {
  const broken = path.join(tmpDir, `broken-${process.pid}-${Date.now()}.db`);
  writeFileSync(broken, "this is not an SQLite database ".repeat(200));
  try {
    const error = await startApp({ DATABASE_URL: `file:${broken}`, SMTP_URL: "smtp://127.0.0.1:9", START_WORKER: "false" }).then(
      async (server) => {
        await server.stop();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    expect(error, "the app must not start").toBeInstanceOf(Error);
    const lines = error!.message.split("\n").filter((l) => l.includes("VINK Portal cannot start"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/VINK Portal cannot start: the database cannot be opened \(.*not a database.*\)$/);
  } finally {
    rmSync(broken, { force: true });
  }
});

test("when the database fails under a request, a 500 is the human page without a stack trace or the error", async ({ page }) => {
  // An honest failure, with no test-only route in production: the app runs on its own database, from which the
  // table that signing in reads is then dropped behind its back (as a half-applied migration would leave it).
  const dbFile = freshDbCopy("e2e-broken");
  const server = await startApp({ DATABASE_URL: `file:${dbFile}`, SMTP_URL: "smtp://127.0.0.1:9", START_WORKER: "false" });
  try {
    await page.goto(`${server.url}/login`);
    // One way through, whatever the machine's load: the form submits as the hydrated page does (a fetch and the error
    // boundary). A click before hydration posts the document instead, or lands while hydration replaces the page; the
    // document post without JavaScript is checked below on its own.
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
    const sqlite = new Database(dbFile);
    sqlite.exec('DROP TABLE "RateLimitHit"');
    sqlite.close();
    await page.getByLabel("E-mail").fill("nogen@example.dk");
    await page.getByLabel("Adgangskode").fill("en adgangskode");
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login"));
    await page.getByRole("button", { name: "Log ind", exact: true }).click();
    expect((await answer).status()).toBe(500);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Der opstod en fejl");
    await expect(page.getByRole("navigation", { name: "Hovedmenu" })).toBeVisible();
    const html = await page.content();
    for (const leak of [/RateLimitHit|no such table|SqliteError|prisma/i, /\bat [\w.<>]+ \(/, /\.(js|ts):\d+/]) {
      expect(html, `the page must not show ${leak}`).not.toMatch(leak);
    }
    // Without JavaScript (the form posts as a document): the same human page, also without the error.
    const raw = await page.request.post(`${server.url}/login`, {
      form: { email: "nogen@example.dk", password: "en adgangskode" },
      headers: { Origin: server.url },
      maxRedirects: 0,
    });
    expect(raw.status()).toBe(500);
    const body = await raw.text();
    expect(body).toContain("Der opstod en fejl");
    expect(body).not.toMatch(/RateLimitHit|no such table|SqliteError|\bat [\w.<>]+ \(|\.(js|ts):\d+/i);
    // the server itself logged the real error, for the operator (its output arrives through a pipe, in its own time)
    await expect.poll(() => server.logs.join("")).toMatch(/RateLimitHit|no such table/i);
  } finally {
    await server.stop();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
  }
});

test.describe("malformed requests are the sender's mistake, never a 500", () => {
  const actions = ["/login", "/language", "/forgot-password", "/forum/apply"];

  test("a form action sent JSON, text, no body type or a broken multipart body answers 415 or 400", async ({ app }) => {
    const ctx = await client(app, { Origin: app.url });
    try {
      for (const urlPath of actions) {
        const json = await ctx.post(urlPath, { data: '{"email":"a@example.dk"}', headers: { "Content-Type": "application/json" } });
        expect(json.status(), `${urlPath} JSON`).toBe(415);
        const text = await ctx.post(urlPath, { data: "email=a@example.dk", headers: { "Content-Type": "text/plain" } });
        expect(text.status(), `${urlPath} text/plain`).toBe(415);
        const none = await ctx.fetch(urlPath, { method: "POST" });
        expect(none.status(), `${urlPath} without a Content-Type`).toBe(415);
        const broken = await ctx.post(urlPath, {
          data: "--xyz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@example.dk\r\n",
          headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
        });
        expect(broken.status(), `${urlPath} broken multipart`).toBe(400);
        expect(await broken.text(), `${urlPath}: no stack`).not.toMatch(/\bat [\w.<>]+ \(|\.(js|ts):\d+/);
      }
      // a well-formed multipart form still reaches the action (a wrong password is its own 400 with the form)
      const multipart = await ctx.post("/login", { multipart: { email: "nogen@example.dk", password: "forkert" } });
      expect(multipart.status()).toBe(400);
      expect(await multipart.text()).toContain("nogen@example.dk");
    } finally {
      await ctx.dispose();
    }
  });

  test("an unreadable session cookie is no session: pages answer as for a visitor", async ({ app }) => {
    for (const cookie of ["vink_session=%%%", "vink_session=%E0%A4%A", "other=%%%; vink_session=abc%", "vink_lang=en; x=%zz"]) {
      const ctx = await client(app, { Cookie: cookie });
      try {
        expect((await ctx.get("/")).status(), cookie).toBe(200);
        expect((await ctx.get("/login")).status(), cookie).toBe(200);
        const staff = await ctx.get("/staff");
        expect(staff.status(), cookie).toBe(302);
        expect(staff.headers()["location"], cookie).toMatch(/^\/login\?redirectTo=/);
      } finally {
        await ctx.dispose();
      }
    }
  });

  test("an address that cannot be decoded is a plain 400 without a stack trace, in production and in development", async ({ app }) => {
    const development = await startApp({ NODE_ENV: "development", DATABASE_URL: `file:${app.dbFile}`, SMTP_URL: app.smtp.url, START_WORKER: "false" });
    try {
      for (const url of [app.url, development.url]) {
        for (const urlPath of ["/events/%", "/%E0%A4%A", "/staff/events/%zz"]) {
          // fetch sends the path as written (Playwright's client would encode the %)
          const res = await fetch(`${url}${urlPath}`);
          expect(res.status, `${url}${urlPath}`).toBe(400);
          expect(res.headers.get("content-type"), urlPath).toMatch(/^text\/plain/);
          const body = await res.text();
          expect(body, urlPath).toBe("Bad Request");
          expect(res.headers.get("x-content-type-options")).toBe("nosniff");
          expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        }
      }
    } finally {
      await development.stop();
    }
  });
});

/** A request as a proxy forwards it: node:http, because fetch and Playwright set Host themselves. */
function rawPost(url: string, urlPath: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const target = new URL(urlPath, url);
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test.describe("behind a proxy that sends its own Host", () => {
  test("a no-JS form posted with our Origin works whatever the Host or X-Forwarded-Host says", async ({ app }) => {
    const { createUser, DEFAULT_PASSWORD } = await models();
    // without a second factor, so that the password form alone gives the session this test looks for
    const staff = await createUser({ role: "STAFF", secondFactor: false });
    const form = new URLSearchParams({ email: staff.email, password: DEFAULT_PASSWORD }).toString();
    const proxies: Record<string, string>[] = [{ Host: "other.example" }, { Host: "127.0.0.1:8080", "X-Forwarded-Host": "portal.internal" }];
    for (const headers of proxies) {
      const res = await rawPost(app.url, "/login", { ...headers, Origin: app.url }, form);
      expect(res.status, JSON.stringify(headers)).toBe(302);
      expect(res.headers.location).toBe("/staff");
      expect(String(res.headers["set-cookie"])).toMatch(/vink_session=/);
      // a foreign Origin is still refused, with the proxy's Host as with ours
      const foreign = await rawPost(app.url, "/login", { ...headers, Origin: "http://other.example" }, form);
      expect(foreign.status, JSON.stringify(headers)).toBe(403);
    }
    // the language form (no JavaScript) as well
    const lang = await rawPost(app.url, "/language", { Host: "other.example", Origin: app.url }, "lang=en&redirectTo=/");
    expect(lang.status).toBe(302);
  });

  test("one-click unsubscribe takes a POST without an Origin; a foreign Origin is 403, not a 500", async ({ app }) => {
    const urlPath = "/unsubscribe/abcdefghijklmnopqrstuvwxyz0123";
    for (const origin of ["https://evil.example", "null"]) {
      const res = await rawPost(app.url, urlPath, { Origin: origin, "Sec-Fetch-Site": "cross-site" }, "List-Unsubscribe=One-Click");
      expect(res.status, origin).toBe(403);
    }
    for (const headers of [{}, { Origin: "" }] as Record<string, string>[]) {
      const provider = await rawPost(app.url, urlPath, headers, "List-Unsubscribe=One-Click");
      expect(provider.status, JSON.stringify(headers)).not.toBe(403);
      expect(provider.status).toBeLessThan(500);
    }
    const ours = await rawPost(app.url, urlPath, { Origin: app.url, Host: "other.example" }, "List-Unsubscribe=One-Click");
    expect(ours.status).not.toBe(403);
    expect(ours.status).toBeLessThan(500);
  });
});
