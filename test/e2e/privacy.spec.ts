import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { root } from "../support/db";
import type { TestSmtp } from "../support/smtp";
import { expect, models, signIn, signInRequest, test } from "./fixtures";

/**
 * "Your data, for anyone" through the real UI: the privacy page's link → the request form → the link from the real
 * SMTP mail → the page of everything held → JSON and CSV downloads with exactly that person's data → cancel and erase
 * on confirm steps; staff find, export and erase one person; without JavaScript; in both languages. Axe checks every
 * page (the fixture).
 */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const shots = path.join(root, ".tmp/screens");

async function screenshot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  for (const [label, size] of [["390", PHONE], ["1280", DESKTOP]] as const) {
    await page.setViewportSize(size);
    // let the page settle at the new width before a full-page capture
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: path.join(shots, `${name}-${label}.png`), fullPage: true });
    // nothing wider than the screen (a long address in a heading once was)
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${label}`).toBeLessThanOrEqual(size.width);
  }
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Two courses she is on, one where someone waits behind her; another person on the same course. */
async function relativeWithData() {
  const { createEvent, createRegistration, db } = await models();
  const id = unique();
  const email = `mette.${id}@example.dk`;
  const other = `lars.${id}@example.dk`;
  const full = await createEvent({ capacity: 1, title: `Forældrekursus ${id}`, questions: ["comment"] });
  const open = await createEvent({ capacity: 10, title: `Temaaften ${id}` });
  const mine = await createRegistration(full.id, { name: "Mette Hansen", email, companions: [], answers: { comment: "Vi kommer gerne" } });
  const waiting = await createRegistration(full.id, { name: "Lars Jensen", email: other });
  await createRegistration(open.id, { name: "Mette Hansen", email, companions: ["Ole Hansen"] });
  await createRegistration(open.id, { name: "Lars Jensen", email: other });
  return { db, email, other, full, open, mine, waiting };
}

async function linkFromMail(mail: TestSmtp, to: string, subject: RegExp) {
  const [received] = await mail.waitFor(1, (r) => r.envelope.to.includes(to) && subject.test(r.mail.subject ?? ""));
  const url = /https?:\/\/\S+\/privacy\/my-data\/[A-Za-z0-9_-]{20,}/.exec(received!.mail.text ?? "")![0];
  return new URL(url).pathname;
}

async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, "utf8") };
}

test("a relative: privacy page → request → link from the mail → see, download, cancel, erase (Danish, phone)", async ({ page, mail }) => {
  test.setTimeout(120_000);
  const { db, email, other, full, open, waiting } = await relativeWithData();
  await page.setViewportSize(PHONE);

  await page.goto("/privacy");
  const table = page.locator("#retention");
  const { retentionRules } = await import("~/models/retention.server");
  await expect(table.locator("tbody tr")).toHaveCount(retentionRules.length);
  await expect(table.locator('tr[data-rule="evaluations-clear-free-text"]')).toContainText("365 dage efter arrangementets sidste dag");
  await expect(table.locator('tr[data-rule="delete-old-registrations"]')).toContainText("90 dage efter arrangementets sidste dag");
  await screenshot(page, "privacy");
  await page.setViewportSize(PHONE);
  await page.getByRole("link", { name: "Se dine data" }).click();
  await expect(page).toHaveURL(/\/privacy\/my-data$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se dine data");

  // an empty form says what is missing and keeps the page
  await page.getByRole("button", { name: "Send mig et link" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Der er problemer" })).toBeFocused();
  await page.getByLabel("Din e-mail").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Send mig et link" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tjek din e-mail");
  await expect(page.getByRole("status")).toContainText("Vi har sendt et link");

  const link = await linkFromMail(mail, email, /^Link til dine oplysninger$/);
  const res = await page.goto(link);
  expect(res!.headers()["cache-control"]).toBe("no-store");
  expect(res!.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(page).toHaveTitle("Dine data — VINK");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dine data");
  await expect(page.getByText(`Det her har vi om ${email}.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: full.title })).toBeVisible();
  await expect(page.getByRole("heading", { name: open.title })).toBeVisible();
  await expect(page.getByText("Ole Hansen")).toBeVisible();
  await expect(page.getByText("Vi kommer gerne")).toBeVisible();
  await expect(page.getByText("Lars Jensen")).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "Link til dine oplysninger" })).toBeVisible();
  await screenshot(page, "my-data");
  await page.setViewportSize(PHONE);

  // both files hold exactly her data
  const json = await download(page, "Hent som JSON");
  expect(json.name).toMatch(/^mine-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(json.text) as { email: string; registrations: { email: string; people: string[] }[] };
  expect(data.email).toBe(email);
  expect(data.registrations.map((r) => r.email)).toEqual([email, email]);
  expect(data.registrations.flatMap((r) => r.people).sort()).toEqual(["Mette Hansen", "Mette Hansen", "Ole Hansen"]);
  const csv = await download(page, "Hent som CSV (regneark)");
  expect(csv.text.startsWith("\uFEFFsection;record;field;value")).toBe(true);
  for (const file of [json.text, csv.text]) {
    expect(file).toContain(email);
    expect(file).not.toContain(other);
    expect(file).not.toContain("Lars Jensen");
  }

  // cancelling asks once more; the place goes on to the waitlist
  await page.getByRole("link", { name: `Afmeld ${full.title}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Er du sikker?");
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await page.getByRole("link", { name: "Nej, gå tilbage" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dine data");
  await page.getByRole("link", { name: `Afmeld ${full.title}` }).click();
  await page.getByRole("button", { name: "Ja, afmeld" }).click();
  await expect(page.getByRole("status")).toContainText("Din tilmelding er afmeldt.");
  await expect(page.getByRole("link", { name: `Afmeld ${full.title}` })).toHaveCount(0);
  await expect.poll(() => db.waitlistOffer.count({ where: { registrationId: waiting.registrationId, status: "OPEN" } })).toBe(1);
  await mail.waitFor(1, (r) => r.envelope.to.includes(email) && /afmeldt/i.test(r.mail.subject ?? ""));

  // erasing her registrations, on a confirm step that names how many
  await page.getByRole("link", { name: "Slet mine tilmeldinger" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Er du sikker?");
  await expect(page.getByText("Vi sletter 2 tilmeldinger")).toBeVisible();
  await page.getByRole("button", { name: "Ja, slet mine tilmeldinger" }).click();
  await expect(page.getByRole("status")).toContainText("Dine tilmeldinger er slettet.");
  await expect(page.getByText("Ingen tilmeldinger.")).toBeVisible();
  expect(await db.registration.count({ where: { email } })).toBe(0);
  expect(await db.registration.count({ where: { email: other } })).toBe(2);
});

test("an address we hold nothing about gets the same answer, and a link that says so; a wrong or old link finds nothing", async ({ page, mail }) => {
  const { db } = await models();
  const email = `ingen.${unique()}@example.dk`;
  await page.goto("/privacy/my-data");
  await page.getByLabel("Din e-mail").fill(email);
  await page.getByRole("button", { name: "Send mig et link" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tjek din e-mail");
  const link = await linkFromMail(mail, email, /^Link til dine oplysninger$/);
  await page.goto(link);
  await expect(page.getByText(`Vi har ingen oplysninger om ${email} ud over din forespørgsel`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Slet mine tilmeldinger" })).toHaveCount(0);

  const wrong = link.replace(/.{4}$/, "AAAA");
  expect((await page.request.get(wrong)).status()).toBe(404);
  expect((await page.request.get(`${wrong}/data.json`)).status()).toBe(404);
  await db.dataAccessToken.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const old = await page.goto(link);
  expect(old!.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Linket er udløbet");
  expect((await page.request.get(`${link}/data.csv`)).status()).toBe(410);
  await page.getByRole("link", { name: "Bed om et nyt link" }).click();
  await expect(page).toHaveURL(/\/privacy\/my-data$/);

  // limited per recipient: five links in ten minutes, then 429 with Retry-After
  const post = () => page.request.post("/privacy/my-data", { form: { email }, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 });
  for (let i = 0; i < 4; i++) expect((await post()).status()).toBe(303);
  const refused = await post();
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
});

test("without JavaScript: the request, the link's confirm steps and the erasure work as plain forms and links", async ({ browser, baseURL, mail }) => {
  const { email, full } = await relativeWithData();
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: PHONE });
  try {
    const page = await context.newPage();
    await page.goto("/privacy/my-data");
    await page.getByRole("button", { name: "Send mig et link" }).click();
    await expect(page.getByRole("alert")).toContainText("Der er problemer");
    await page.getByLabel("Din e-mail").fill("ikke-en-adresse");
    await page.getByRole("button", { name: "Send mig et link" }).click();
    await expect(page.getByLabel("Din e-mail")).toHaveValue("ikke-en-adresse");
    await page.getByLabel("Din e-mail").fill(email);
    await page.getByRole("button", { name: "Send mig et link" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tjek din e-mail");
    await page.goto(await linkFromMail(mail, email, /^Link til dine oplysninger$/));
    await page.getByRole("link", { name: `Afmeld ${full.title}` }).click();
    await page.getByRole("button", { name: "Ja, afmeld" }).click();
    await expect(page.getByRole("status")).toContainText("Din tilmelding er afmeldt.");
    await page.getByRole("link", { name: "Slet mine tilmeldinger" }).click();
    await page.getByRole("button", { name: "Ja, slet mine tilmeldinger" }).click();
    await expect(page.getByRole("status")).toContainText("Dine tilmeldinger er slettet.");
  } finally {
    await context.close();
  }
});

test("in English: the privacy page's table, the request and the page of one's data", async ({ page, mail, baseURL }) => {
  const { email } = await relativeWithData();
  await page.context().addCookies([{ name: "vink_lang", value: "en", url: baseURL! }]);
  await page.goto("/privacy");
  await expect(page.locator('#retention tr[data-rule="purge-sent-mail"]')).toContainText("30 days after it was sent");
  await page.getByRole("link", { name: "See your data" }).click();
  await page.getByLabel("Your email").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  await page.goto(await linkFromMail(mail, email, /^Link to your information$/));
  await expect(page).toHaveTitle("Your data — VINK");
  await expect(page.getByRole("heading", { name: "Registrations", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Erase my registrations" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Are you sure?");
});

test("staff find one person, export, and erase everywhere on a confirm step; the audit entry names no one", async ({ page }) => {
  test.setTimeout(120_000);
  const { createOrganisation, createEvent, createRegistration, createUser, db, DEFAULT_PASSWORD } = await models();
  const id = unique();
  const email = `formand.${id}@example.dk`;
  const { organisation } = await createOrganisation({ email, contactName: "Hanne Formand", name: `Nørrebro Fællesskab ${id}` });
  await createOrganisation({ email: `anden.${id}@example.dk` });
  const event = await createEvent({ title: `Netværksmøde ${id}` });
  await createRegistration(event.id, { name: "Hanne Formand", email });
  await createRegistration(event.id, { name: "Nabo", email: `nabo.${id}@example.dk` });
  const staff = await createUser({ role: "STAFF" });
  await signIn(page, staff.email, DEFAULT_PASSWORD);

  await page.getByRole("navigation", { name: /Medarbejder|Staff/ }).getByRole("link", { name: "Personer" }).click();
  await expect(page).toHaveURL(/\/staff\/people$/);
  await page.getByLabel("E-mail").fill("ikke en adresse");
  await page.getByRole("button", { name: "Søg" }).click();
  await expect(page.getByRole("alert")).toContainText("Der er problemer");
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Søg" }).click();
  await expect(page.getByRole("heading", { name: `Det har vi om ${email}` })).toBeVisible();
  await expect(page.getByRole("row", { name: /Tilmeldinger 1/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Konto 1/ })).toBeVisible();
  await expect(page.getByText("Underskrifter af charteret")).toBeVisible();
  await expect(page.getByText("Dokumentation for, at organisationen har tilsluttet sig charteret")).toBeVisible();
  await screenshot(page, "staff-people");
  await page.setViewportSize(DESKTOP);

  const json = await download(page, "Hent som JSON");
  expect(JSON.parse(json.text)).toMatchObject({ email, account: { name: "Hanne Formand" } });
  expect(json.text).not.toContain(`nabo.${id}`);
  expect(json.text).not.toContain(`anden.${id}`);
  const csv = await download(page, "Hent som CSV (regneark)");
  expect(csv.text).toContain(email);

  await page.getByRole("link", { name: "Slet alt om personen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Slet alt om ${email}?`);
  await expect(page.getByText(`Personen er eneste kontaktperson for ${organisation.name}`)).toBeVisible();
  await expect(page.getByRole("table", { name: "Det slettes" })).toContainText("Kontaktperson i Medborgerforum");
  await expect(page.getByText("Dokumentation for, at organisationen har tilsluttet sig charteret")).toBeVisible();
  await screenshot(page, "staff-people-confirm");
  await page.getByRole("button", { name: "Ja, slet alt" }).click();
  const notice = page.getByRole("status");
  await expect(notice).toContainText("Alt om personen er slettet. Reference i loggen:");
  await expect(page.getByText("Dokumentation for, at organisationen har tilsluttet sig charteret")).toBeVisible();
  await expect(page.getByText(email)).toHaveCount(0);
  await screenshot(page, "staff-people-erased");

  const entry = await db.auditLog.findFirstOrThrow({ where: { action: "person.erase" }, orderBy: { createdAt: "desc" } });
  expect(entry.actorId).toBe(staff.id);
  expect(await notice.textContent()).toContain(entry.entityId!);
  expect(JSON.stringify(entry)).not.toMatch(/formand|hanne|example\.dk/i);
  expect(JSON.parse(entry.details!)).toMatchObject({ erased: { Registration: 1, User: 1, OrganisationContact: 1 }, kept: { CharterSignature: 1 } });
  const exports = await db.auditLog.findMany({ where: { action: "person.export", entityId: entry.entityId } });
  expect(exports.map((e) => JSON.parse(e.details!).format).sort()).toEqual(["csv", "json"]);
  expect(await db.user.count({ where: { email } })).toBe(0);
  expect(await db.registration.count({ where: { email } })).toBe(0);
  expect(await db.registration.count({ where: { email: `nabo.${id}@example.dk` } })).toBe(1);

  // a staff account is not erased here
  await page.getByLabel("E-mail").fill(staff.email);
  await page.getByRole("button", { name: "Søg" }).click();
  await expect(page.getByText(`${staff.email} er en medarbejders konto`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Slet alt om personen" })).toHaveCount(0);
  await page.goto(`/staff/people?email=${encodeURIComponent(staff.email)}&step=erase`);
  await expect(page.getByRole("button", { name: "Ja, slet alt" })).toHaveCount(0);

  // the audit log shows the erasure and the exports under the reference, by whom, and no one else
  const admin = await createUser({ role: "ADMIN" });
  await page.getByRole("button", { name: "Log ud" }).click();
  await signIn(page, admin.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto("/staff/audit");
  const row = page.getByRole("row").filter({ hasText: "Slettede alt om en person" }).first();
  await expect(row).toContainText(`Person (reference) ${entry.entityId}`);
  await expect(row).toContainText(staff.name);
  await expect(page.getByRole("row").filter({ hasText: "Hentede en persons data" })).toHaveCount(2);
  await expect(page.getByText(email)).toHaveCount(0);
});

test("the staff's erasure refuses a staff account even when posted directly", async ({ app }) => {
  const { createUser, DEFAULT_PASSWORD, db } = await models();
  const staff = await createUser({ role: "STAFF" });
  const admin = await createUser({ role: "ADMIN" });
  const { request } = await import("@playwright/test");
  const ctx = await request.newContext({ baseURL: app.url, extraHTTPHeaders: { Origin: app.url }, maxRedirects: 0 });
  try {
    expect((await signInRequest(ctx, staff.email, DEFAULT_PASSWORD)).status()).toBe(302);
    const res = await ctx.post("/staff/people", { form: { intent: "erase", email: admin.email } });
    expect(res.status()).toBe(403);
    expect(await db.user.count({ where: { id: admin.id } })).toBe(1);
  } finally {
    await ctx.dispose();
  }
});
