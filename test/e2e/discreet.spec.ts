import { request as apiRequest, type APIRequestContext } from "@playwright/test";
import { DateTime } from "luxon";
import { secretLinkRoutes } from "~/lib/access";
import { expect, models, signIn, test, type App } from "./fixtures";

/**
 * Discreet by construction (issue 13, item 4): a discreet event's address and tab title name nothing of its topic,
 * the pages behind a secret link are neither stored nor give their address away, and a wrong token finds nothing.
 */

type Seed = Awaited<ReturnType<typeof models>>;

/** Words of the title that must never reach an address or a tab title. */
const topic = ["zebraflod", "radikalisering"];
const noTopic = (text: string) => {
  for (const word of topic) expect(text.toLowerCase(), text).not.toContain(word);
};

function nextTuesday() {
  let d = DateTime.now().setZone("Europe/Copenhagen").plus({ days: 21 }).startOf("day");
  while (d.weekday !== 2) d = d.plus({ days: 1 });
  return d.toFormat("yyyy-MM-dd");
}

async function anonymous(app: App): Promise<APIRequestContext> {
  return apiRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { Origin: app.url }, maxRedirects: 0 });
}

test("staff make a course; it is discreet by default, at /events/<short id>, and its tab title names nothing of it", async ({ page }) => {
  test.setTimeout(120_000);
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF" });
  const title = `Zebraflod: radikalisering i familien ${Date.now().toString(36)}`;

  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto("/staff/events/new");
  // "Automatic" is chosen before any script runs: the default needs no JavaScript
  const auto = page.getByLabel("Automatisk (ja for kurser og arrangementer for pårørende)");
  await expect(auto).toBeChecked();
  await expect(page.getByRole("group", { name: "Diskret" })).toContainText("Automatisk betyder ja for kurser");

  // a failed save keeps the choice
  await page.getByLabel("Ja, altid diskret").check();
  await page.getByRole("button", { name: "Gem" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByLabel("Ja, altid diskret")).toBeChecked();

  await auto.check();
  await page.locator("#field-kind").selectOption("COURSE_PARENTS");
  await page.locator("#field-title").fill(title);
  await page.locator("#field-summary").fill("Fire aftener for forældre.");
  await page.locator("#field-placeAddress").fill("Rådhuspladsen 1, 1550 København V");
  await page.locator("#session-0-date").fill(nextTuesday());
  await page.locator("#session-0-start").fill("17:00");
  await page.locator("#session-0-end").fill("19:00");
  await page.getByRole("button", { name: "Gem" }).click();
  await expect(page.getByRole("status")).toContainText("oprettet som kladde");
  await page.getByRole("button", { name: "Offentliggør" }).click();
  await expect(page.getByRole("status")).toContainText("offentliggjort");

  const eventId = new URL(page.url()).pathname.split("/").at(-1)!;
  const { db } = await models();
  const event = await db.event.findUniqueOrThrow({ where: { id: eventId } });
  expect(event.discreet).toBe(true);
  await expect(page.getByText("Diskret: Ja")).toBeVisible();
  await expect(page.locator("code", { hasText: `/events/${event.shortId}` })).toBeVisible();
  // the edit form shows the saved setting as it is
  await expect(page.getByLabel("Ja, altid diskret")).toBeChecked();
  const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: eventId, action: "event.create" } });
  expect(JSON.parse(audit.details!)).toMatchObject({ discreet: true });

  await page.getByRole("link", { name: "Se den offentlige side" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${event.shortId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page).toHaveTitle("Arrangement — VINK");
  noTopic(page.url());
  // no link or form on the page leads back to an address with the topic in it (a no-JS post would put it in the history)
  const targets = await page.locator("[href], [action]").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? e.getAttribute("action") ?? ""));
  expect(targets.filter((t) => t.includes(event.slug))).toEqual([]);
  // nothing else in the head names it either
  for (const content of await page.locator("head meta").evaluateAll((ms) => ms.map((m) => m.getAttribute("content") ?? ""))) noTopic(content);

  // the list links to the short id
  await page.getByRole("button", { name: "Log ud" }).click();
  await page.goto("/events?view=courses");
  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${event.shortId}$`));
  await expect(page).toHaveTitle("Arrangement — VINK");

  // an old address (the slug, from before; the id) leads to the short id, in the address bar too
  await page.goto(`/events/${event.slug}`);
  await expect(page).toHaveURL(new RegExp(`/events/${event.shortId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
});

test("old addresses answer a redirect no cache keeps, and follow a change of the flag at once", async ({ app }) => {
  const seed = await models();
  const event = await seed.createEvent({ title: "Zebraflod kursus om radikalisering" });
  expect(event.discreet).toBe(true);
  const ctx = await anonymous(app);
  try {
    for (const asked of [event.slug, event.id]) {
      const res = await ctx.get(`/events/${asked}`);
      expect(res.status(), asked).toBe(301);
      expect(res.headers()["location"]).toBe(`/events/${event.shortId}`);
      expect(res.headers()["cache-control"]).toBe("no-store");
      const ics = await ctx.get(`/events/${asked}/calendar.ics`);
      expect(ics.status()).toBe(301);
      expect(ics.headers()["location"]).toBe(`/events/${event.shortId}/calendar.ics`);
      expect(ics.headers()["cache-control"]).toBe("no-store");
    }
    // a client-side navigation's data request is sent on too
    const data = await ctx.get(`/events/${event.slug}.data`);
    expect(await data.text()).toContain(`/events/${event.shortId}`);

    const here = await ctx.get(`/events/${event.shortId}`);
    expect(here.status()).toBe(200);
    noTopic((await here.text()).match(/<title>([^<]*)<\/title>/)![1]!);
    expect((await ctx.get(`/events/${event.shortId}/calendar.ics`)).status()).toBe(200);
    // kept by the page cache now
    expect((await ctx.get(`/events/${event.shortId}`)).headers()["cache-status"]).toBe("vink; hit");

    // staff turn it off: the slug is the page at once (and the short id still works)
    await seed.db.event.update({ where: { id: event.id }, data: { discreet: false } });
    expect((await ctx.get(`/events/${event.shortId}`)).status()).toBe(200);
    const open = await ctx.get(`/events/${event.slug}`);
    expect(open.status()).toBe(200);
    expect(await open.text()).toContain(`<title>Zebraflod kursus om radikalisering — VINK</title>`);

    // and on again
    await seed.db.event.update({ where: { id: event.id }, data: { discreet: true } });
    expect((await ctx.get(`/events/${event.slug}`)).headers()["location"]).toBe(`/events/${event.shortId}`);
    expect((await ctx.get(`/events/${event.shortId}`)).status()).toBe(200);
  } finally {
    await ctx.dispose();
  }
});

/** A working link for every secret-link route, and the title of its page (none for a file). */
type Sample = { path: string; title: string | null };

async function secretLinks(seed: Seed): Promise<Record<(typeof secretLinkRoutes)[number], Sample>> {
  const { hashToken, randomToken } = await import("~/lib/crypto.server");
  const { issueToken } = await import("~/lib/tokens.server");
  const { renewFeedToken } = await import("~/models/feeds.server");
  const { db } = seed;
  const event = await seed.createEvent({ title: "Zebraflod forældrekursus om radikalisering" });
  const registration = await seed.createRegistration(event.id);
  const offerToken = randomToken();
  await db.waitlistOffer.create({
    data: { eventId: event.id, registrationId: registration.registrationId, tokenHash: hashToken(offerToken), expiresAt: new Date(Date.now() + 86_400_000) },
  });
  const invitation = await db.invitation.create({ data: { eventId: event.id, subject: "Invitation", message: "Velkommen", audience: "{}", sentAt: new Date() } });
  const recipient = await db.invitationRecipient.create({ data: { invitationId: invitation.id, email: `inviteret-${Date.now()}@example.dk`, name: "Inviteret" } });
  const linkToken = randomToken();
  await db.invitationLink.create({ data: { recipientId: recipient.id, tokenHash: hashToken(linkToken) } });
  const member = await seed.createActiveMember();
  const pending = await seed.createOrganisation({ state: "UNCONFIRMED" });
  const invited = await seed.createOrganisation({ state: "APPROVED" });
  const relative = await seed.createUser({ role: "MEMBER" });
  const newStaff = await seed.createUser({ role: "STAFF" });
  const evaluations = { ...(await import("~/models/questionnaires.server")), ...(await import("~/models/evaluation-answers.server")) };
  await evaluations.saveQuestionnaire({ actorId: newStaff.id, eventId: event.id, input: { statements: ["Jeg ved, hvor jeg kan få hjælp"], waves: ["START"], freeTextQuestion: null } });
  const dataToken = randomToken();
  await db.dataAccessToken.create({ data: { tokenHash: hashToken(dataToken), email: `data-${Date.now()}@example.dk`, expiresAt: new Date(Date.now() + 86_400_000) } });
  return {
    "routes/registrations.$token": { path: `/registrations/${registration.token}`, title: "Din tilmelding — VINK" },
    "routes/registrations.$token_.calendar[.]ics": { path: `/registrations/${registration.token}/calendar.ics`, title: null },
    "routes/registrations.offer.$token": { path: `/registrations/offer/${offerToken}`, title: "Tilbud om plads — VINK" },
    "routes/invitations.$token": { path: `/invitations/${linkToken}`, title: "Din invitation — VINK" },
    "routes/unsubscribe.$token": { path: `/unsubscribe/${linkToken}`, title: "Afmeld invitationer — VINK" },
    "routes/forum.confirm.$token": { path: `/forum/confirm/${await issueToken(db, pending.user.id, "EMAIL_CONFIRM")}`, title: "Bekræft e-mail — VINK" },
    "routes/forum.join.$token": { path: `/forum/join/${await issueToken(db, invited.user.id, "CONTACT_INVITE")}`, title: "Bliv kontaktperson — VINK" },
    "routes/reset-password.$token": { path: `/reset-password/${await issueToken(db, relative.id, "PASSWORD_RESET")}`, title: "Vælg ny adgangskode — VINK" },
    "routes/invitation.$token": { path: `/invitation/${await issueToken(db, newStaff.id, "STAFF_INVITE")}`, title: "Opret adgangskode — VINK" },
    "routes/calendar.member.$token.feed[.]ics": { path: `/calendar/member/${await renewFeedToken(member.id)}/feed.ics`, title: null },
    "routes/evaluations.$token": { path: await evaluations.issueEvaluationLink(db, registration.registrationId), title: "Spørgeskema — VINK" },
    "routes/privacy_.my-data_.$token": { path: `/privacy/my-data/${dataToken}`, title: "Dine data — VINK" },
    "routes/privacy_.my-data_.$token_.data[.]json": { path: `/privacy/my-data/${dataToken}/data.json`, title: null },
    "routes/privacy_.my-data_.$token_.data[.]csv": { path: `/privacy/my-data/${dataToken}/data.csv`, title: null },
  };
}

/** What an unknown token answers: 404 where a token is looked up, 410 for a one-time link (used up and unknown look alike). */
const unknownStatus: Record<(typeof secretLinkRoutes)[number], number> = {
  "routes/registrations.$token": 404,
  "routes/registrations.$token_.calendar[.]ics": 404,
  "routes/registrations.offer.$token": 404,
  "routes/invitations.$token": 404,
  "routes/unsubscribe.$token": 404,
  "routes/calendar.member.$token.feed[.]ics": 404,
  "routes/forum.confirm.$token": 410,
  "routes/forum.join.$token": 410,
  "routes/reset-password.$token": 410,
  "routes/invitation.$token": 410,
  "routes/evaluations.$token": 404,
  "routes/privacy_.my-data_.$token": 404,
  "routes/privacy_.my-data_.$token_.data[.]json": 404,
  "routes/privacy_.my-data_.$token_.data[.]csv": 404,
};

const tampered = (path: string) => path.replace(/\/([A-Za-z0-9_-]{20,})(\/|$)/, (_m, token: string, end: string) => `/${token.slice(0, -4)}AAAA${end}`);

test("every page behind a secret link: no-store, no-referrer, a neutral title, and a wrong token finds nothing", async ({ app, page }) => {
  test.setTimeout(120_000);
  const seed = await models();
  const samples = await secretLinks(seed);
  expect(Object.keys(samples).sort(), "a sample for every declared secret link (app/lib/access.ts)").toEqual([...secretLinkRoutes].sort());
  const ctx = await anonymous(app);
  try {
    for (const [id, { path, title }] of Object.entries(samples) as [(typeof secretLinkRoutes)[number], Sample][]) {
      const bad = tampered(path);
      expect(bad, id).not.toBe(path);
      const urls = title ? [path, `${path}.data`, bad, `${bad}.data`] : [path, bad];
      for (const url of urls) {
        const res = await ctx.get(url);
        expect(res.headers()["cache-control"], `${id} ${url}`).toBe("no-store");
        expect(res.headers()["referrer-policy"], `${id} ${url}`).toBe("no-referrer");
      }
      expect((await ctx.get(path)).status(), id).toBe(200);
      expect((await ctx.get(bad)).status(), `${id} with a wrong token`).toBe(unknownStatus[id]);
      if (!title) continue;
      await page.goto(path);
      await expect(page, id).toHaveTitle(title);
      noTopic(await page.title());
    }
  } finally {
    await ctx.dispose();
  }

  // the friendly page for a wrong token, where there is nothing to say but "not found"
  for (const id of ["routes/registrations.$token", "routes/registrations.offer.$token", "routes/invitations.$token", "routes/unsubscribe.$token"] as const) {
    const res = await page.goto(tampered(samples[id].path));
    expect(res?.status(), id).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Siden findes ikke");
    await expect(page.getByRole("link", { name: "Gå til forsiden" })).toBeVisible();
  }
});

test("a form on a no-referrer page works without JavaScript (the browser posts with Origin: null)", async ({ browser, baseURL }) => {
  const seed = await models();
  const samples = await secretLinks(seed);
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const origins: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") origins.push(r.headers()["origin"] ?? "");
    });
    await page.goto(samples["routes/unsubscribe.$token"].path);
    await page.getByRole("button", { name: "Afmeld invitationer" }).click();
    await expect(page.getByRole("status")).toContainText("Du er afmeldt");
    expect(origins).toEqual(["null"]);
  } finally {
    await context.close();
  }
});
