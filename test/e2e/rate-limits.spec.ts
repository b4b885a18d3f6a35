import { request as apiRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { expect, models, signInRequest, test, type App } from "./fixtures";

/** Every limiter's 429 tells the client when to come back (RFC 9110 §10.2.3), for a document and a data request. */

async function client(app: App): Promise<APIRequestContext> {
  return apiRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { Origin: app.url }, maxRedirects: 0 });
}

function expectRetryAfter(res: APIResponse, what: string) {
  expect(res.status(), what).toBe(429);
  const retryAfter = Number(res.headers()["retry-after"]);
  expect(retryAfter, `${what}: Retry-After in seconds`).toBeGreaterThan(0);
  expect(retryAfter, what).toBeLessThanOrEqual(600);
}

/** Fills a limiter's bucket as earlier requests would have (the limits are 5 mails per recipient in 10 minutes). */
async function fill(bucket: string, hits = 5) {
  const { db } = await models();
  await db.rateLimitHit.createMany({ data: Array.from({ length: hits }, () => ({ bucket, createdAt: new Date() })) });
}

test("sign-in: the 429 after too many wrong passwords carries Retry-After", async ({ app }) => {
  const { createUser, db } = await models();
  const user = await createUser();
  const ctx = await client(app);
  try {
    let last: APIResponse | undefined;
    for (let i = 0; i < 11; i++) last = await ctx.post("/login", { form: { email: user.email, password: `forkert ${i}` } });
    expectRetryAfter(last!, "POST /login");
    expectRetryAfter(await ctx.post("/login.data", { form: { email: user.email, password: "forkert" } }), "POST /login.data");
  } finally {
    await ctx.dispose();
    // this worker's address signs in again in the other tests
    await db.rateLimitHit.deleteMany({ where: { bucket: { startsWith: "login:" } } });
  }
});

test("forgotten password, forum application, event sign-up and staff invitation: each 429 carries Retry-After", async ({ app }) => {
  const { createUser, createEvent, createCharterVersion, DEFAULT_PASSWORD } = await models();
  const ctx = await client(app);
  try {
    const forgotten = `glemt-${Date.now()}@example.dk`;
    await fill(`mail:to:${forgotten}`);
    expectRetryAfter(await ctx.post("/forgot-password", { form: { email: forgotten } }), "POST /forgot-password");

    const applicant = `ansoeger-${Date.now()}@example.dk`;
    await fill(`forum-apply:to:${applicant}`);
    const charter = await createCharterVersion();
    const application = {
      orgName: "Foreningen Fællesskab", cvr: "", street: "Blågårdsgade 3", postcode: "2200", city: "København N",
      website: "", districts: "norrebro", description: "Lektiehjælp.", contactName: "Amira Hansen", contactTitle: "Formand",
      email: applicant, phone: "+45 12 34 56 78", password: "en lang og god adgangskode", charterVersionId: charter.id,
      charterLocale: "da", declaration: "on", signerName: "Amira Hansen", signerTitle: "Formand", authority: "on",
    };
    expectRetryAfter(await ctx.post("/forum/apply", { form: application }), "POST /forum/apply");
    expectRetryAfter(await ctx.post("/forum/apply.data", { form: application }), "POST /forum/apply.data");

    const event = await createEvent();
    const relative = `paaroerende-${Date.now()}@example.dk`;
    await fill(`signup:to:${relative}`);
    const signup = { name: "Sara Jensen", email: relative, groupSize: "1", relation: "parent", interpreter: "", comment: "" };
    const { paths } = await import("~/lib/urls");
    expectRetryAfter(await ctx.post(paths.publicEvent(event), { form: signup }), "POST /events/<event>");

    const admin = await createUser({ role: "ADMIN" });
    const staff = await client(app);
    try {
      expect((await signInRequest(staff, admin.email, DEFAULT_PASSWORD)).status()).toBe(302);
      const invited = `ny-${Date.now()}@example.dk`;
      await fill(`mail:to:${invited}`);
      const invite = await staff.post("/staff/users", { form: { intent: "invite", email: invited, name: "Ny Medarbejder", role: "STAFF", locale: "da" } });
      expectRetryAfter(invite, "POST /staff/users (invite)");
    } finally {
      await staff.dispose();
    }
  } finally {
    await ctx.dispose();
  }
});
