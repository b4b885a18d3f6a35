import { request as apiRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { expect, models, signInRequest, test, type App } from "./fixtures";
import { paths } from "~/lib/urls";

/**
 * The page cache (app/lib/page-cache.server.ts) against the running production build: anonymous public pages come
 * from memory, each with its own nonce, and never outlive a change to the data behind them; nothing personal is kept.
 */

const client = (app: App, headers: Record<string, string> = {}): Promise<APIRequestContext> =>
  apiRequest.newContext({ baseURL: app.url, extraHTTPHeaders: headers, maxRedirects: 0 });

const cacheStatus = (res: APIResponse) => res.headers()["cache-status"];
const nonceOf = (res: APIResponse) => /'nonce-([^']+)'/.exec(res.headers()["content-security-policy"] ?? "")?.[1] ?? "";

async function signedIn(app: App, name: string) {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF", name });
  const ctx = await client(app, { Origin: app.url });
  expect((await signInRequest(ctx, staff.email, DEFAULT_PASSWORD)).status()).toBe(302);
  return ctx;
}

test("an anonymous public page is served from memory the second time, with a nonce of its own", async ({ app }) => {
  const { createEvent } = await models();
  await createEvent({ title: "Temadag om bekymring" });
  const anon = await client(app);
  try {
    // the first answer for this address is made, stored and says so; the next comes from memory
    const url = `/events?kind=COURSE_PARENTS&probe=${Date.now()}`;
    const first = await anon.get(url);
    expect(cacheStatus(first)).toBe("vink; fwd=miss");
    const second = await anon.get(url);
    expect(second.status()).toBe(200);
    expect(cacheStatus(second)).toBe("vink; hit");

    // same page, but every inline script carries this answer's own nonce, which differs from the first answer's
    const [a, b] = [await first.text(), await second.text()];
    expect(nonceOf(second)).not.toBe(nonceOf(first));
    expect(b).not.toContain(nonceOf(first));
    expect(b.replaceAll(nonceOf(second), "N")).toBe(a.replaceAll(nonceOf(first), "N"));
    const inline = [...b.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!).filter((attrs) => !/\bsrc=/.test(attrs));
    expect(inline.length).toBeGreaterThan(0);
    for (const attrs of inline) expect(attrs).toContain(`nonce="${nonceOf(second)}"`);
  } finally {
    await anon.dispose();
  }
});

test("a change to an event shows on the very next request, whoever made it", async ({ app }) => {
  const { createEvent, db } = await models();
  const event = await createEvent({ title: "Netværksmøde i Valby", capacity: 30 });
  const anon = await client(app);
  try {
    const page = paths.publicEvent(event);
    await anon.get(page);
    expect(cacheStatus(await anon.get(page))).toBe("vink; hit");
    // written by another process straight to the database (as the worker or a script would), not through the server
    await db.event.update({ where: { id: event.id }, data: { title: "Netværksmøde i Vanløse" } });
    const after = await anon.get(page);
    expect(cacheStatus(after)).toBe("vink; fwd=miss");
    const html = await after.text();
    expect(html).toContain("Netværksmøde i Vanløse");
    expect(html).not.toContain("Netværksmøde i Valby");
    // and the list that shows it, too
    expect(await (await anon.get("/events")).text()).toContain("Netværksmøde i Vanløse");
  } finally {
    await anon.dispose();
  }
});

test("each language has its own copy", async ({ app }) => {
  const danish = await client(app, { "Accept-Language": "da" });
  const english = await client(app, { "Accept-Language": "en-GB,en;q=0.9" });
  const chosen = await client(app, { "Accept-Language": "da", Cookie: "vink_lang=en" });
  try {
    for (let i = 0; i < 2; i++) {
      expect(await (await danish.get("/events")).text()).toContain('<html lang="da"');
      expect(await (await english.get("/events")).text()).toContain('<html lang="en"');
      expect(await (await chosen.get("/events")).text()).toContain('<html lang="en"');
    }
  } finally {
    await Promise.all([danish.dispose(), english.dispose(), chosen.dispose()]);
  }
});

test("signed-in visitors, personal pages and errors are never kept", async ({ app }) => {
  const { createEvent, createRegistration } = await models();
  const event = await createEvent();
  const anon = await client(app);
  const staff = await signedIn(app, "Medarbejder Cachetjek");
  try {
    // a signed-in visitor's page is made for them, and an anonymous visitor never gets it
    for (let i = 0; i < 2; i++) {
      const own = await staff.get("/events");
      expect(cacheStatus(own)).toBeUndefined();
      expect(await own.text()).toContain("Medarbejder Cachetjek");
    }
    expect(await (await anon.get("/events")).text()).not.toContain("Medarbejder Cachetjek");

    // a registration's private page (the token is the key) is not a page the cache may keep
    const { token } = await createRegistration(event.id, { name: "Privat Person" });
    for (let i = 0; i < 2; i++) {
      const own = await anon.get(`/registrations/${token}`);
      expect(own.status()).toBe(200);
      expect(cacheStatus(own)).toBeUndefined();
    }

    // an address the cache may keep, but an answer that is not a page: made afresh each time
    for (let i = 0; i < 2; i++) {
      const missing = await anon.get("/events/findes-ikke");
      expect(missing.status()).toBe(404);
      expect(cacheStatus(missing)).toBe("vink; fwd=miss");
    }
  } finally {
    await anon.dispose();
    await staff.dispose();
  }
});

test("a page from memory still runs its scripts under the CSP", async ({ page, app }) => {
  const { createEvent } = await models();
  const event = await createEvent();
  const anon = await client(app);
  await anon.get(paths.publicEvent(event)); // stored
  await anon.dispose();
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  const res = await page.goto(paths.publicEvent(event));
  expect(res?.headers()["cache-status"]).toBe("vink; hit");
  // the app hydrated: Remix's router exists in the page only once its inline scripts ran
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
  expect(refused).toEqual([]);
});
