import { mkdirSync } from "node:fs";
import { request as apiRequest, type Page } from "@playwright/test";
import { expect, models, signIn, test } from "./fixtures";

/**
 * The forum's rough edges (issue 9 item 6, docs/decisions/0029-forum-edges.md), in the browser against the production
 * build: forms without JavaScript, in Danish and English; every page a test opens is checked with axe by the fixture.
 */

const unique = () => Math.random().toString(36).slice(2, 8);
const SHOTS = ".tmp/shots/forum-edges";

const text = {
  da: {
    submit: "Send ansøgning",
    summary: "Der er problemer",
    cvrFormat: "Et CVR-nummer har 8 cifre",
    cvrCheck: "kontrolcifferet passer ikke. Se efter, om der er en tastefejl",
    passwordNotKept: "gemmer vi ikke adgangskoden",
    tooShort: "Adgangskoden skal være på mindst 8 tegn.",
    appliedHeading: "Tak. Bekræft nu din e-mail",
    sentTo: (email: string) => `Vi har sendt mailen til ${email}.`,
    resend: "Send mailen igen",
    resendDone: "Venter en ansøgning på bekræftelse fra denne adresse",
    unconfirmedTab: "Ikke bekræftet",
    staffResend: "Send bekræftelsen igen",
    staffResendDone: "Bekræftelsen er sendt igen",
    correctLabel: "Ret e-mailadressen",
    correctSubmit: "Ret adressen og send bekræftelsen",
    correctDone: "Adressen er rettet",
    textDa: "Tekst (dansk)",
    publish: "Offentliggør",
    unchanged: "Teksten er den samme som i den gældende udgave",
    confirmText: (n: number) => (n === 1 ? "1 medlem får besked" : `${n} medlemmer får besked`),
    confirmSubmit: "Ja, offentliggør",
  },
  en: {
    submit: "Send application",
    summary: "There is a problem",
    cvrFormat: "A CVR number has 8 digits",
    cvrCheck: "the check digit does not add up. Look for a typo",
    passwordNotKept: "we do not keep the password",
    tooShort: "The password must be at least 8 characters.",
    appliedHeading: "Thank you. Now confirm your email",
    sentTo: (email: string) => `We sent the mail to ${email}.`,
    resend: "Send the mail again",
    resendDone: "If an application from this address is waiting for confirmation",
    unconfirmedTab: "Not confirmed",
    staffResend: "Send the confirmation again",
    staffResendDone: "The confirmation was sent again",
    correctLabel: "Correct the email address",
    correctSubmit: "Correct the address and send the confirmation",
    correctDone: "The address is corrected",
    textDa: "Text (Danish)",
    publish: "Publish",
    unchanged: "The text is the same as the current version's",
    confirmText: (n: number) => (n === 1 ? "1 member is told" : `${n} members are told`),
    confirmSubmit: "Yes, publish",
  },
} as const;
type Lang = keyof typeof text;

async function ensureCharter() {
  const { db, createCharterVersion } = await models();
  return (await db.charterVersion.findFirst({ orderBy: { number: "desc" } })) ?? createCharterVersion();
}

async function useLanguage(page: Page, lang: Lang, baseURL: string) {
  await page.context().addCookies([{ name: "vink_lang", value: lang, url: baseURL }]);
}

/** Fills the application by the fields' ids, so the same helper serves both languages. */
async function fillApplication(page: Page, values: { orgName: string; email: string; cvr?: string; city?: string; password?: string }) {
  await page.goto("/forum/apply");
  await page.locator("#field-orgName").fill(values.orgName);
  await page.locator("#field-cvr").fill(values.cvr ?? "");
  await page.locator("#field-street").fill("Blågårdsgade 3");
  await page.locator("#field-postcode").fill("2200");
  await page.locator("#field-city").fill(values.city ?? "København N");
  await page.locator('input[name="districts"][value="norrebro"]').check({ force: true });
  await page.locator("#field-description").fill("Lektiehjælp for unge.");
  await page.locator("#field-contactName").fill("Amira Hansen");
  await page.locator("#field-contactTitle").fill("Formand");
  await page.locator("#field-email").fill(values.email);
  await page.locator("#field-phone").fill("12 34 56 78");
  await page.locator("#field-password").fill(values.password ?? "en lang og god adgangskode");
  await page.locator('label[for="field-declaration"]').click();
  await page.locator("#field-signerName").fill("Amira Hansen");
  await page.locator("#field-signerTitle").fill("Formand");
  await page.locator('label[for="field-authority"]').click();
}

function confirmLink(body: string) {
  return body.match(/https?:\/\/\S+\/forum\/confirm\/[\w-]+/)![0];
}

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/${name}-${w}.png`, fullPage: true });
  }
}

for (const lang of ["da", "en"] as const) {
  const t = text[lang];

  test(`${lang}: the application reports every error at once, password rules included, keeps the input but the password, and focuses the summary`, async ({ page, baseURL }) => {
    await ensureCharter();
    await useLanguage(page, lang, baseURL!);
    const orgName = `Fejlforeningen ${unique()}`;
    await fillApplication(page, { orgName, email: "ikke-en-adresse", cvr: "2425679", city: "", password: "kort" });
    await page.getByRole("button", { name: t.submit }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText(t.summary);
    for (const field of ["cvr", "city", "email", "password"]) await expect(summary.locator(`a[href="#field-${field}"]`)).toHaveCount(1);
    await expect(summary).toContainText(t.cvrFormat);
    await expect(summary).toContainText(t.tooShort);
    await expect(page.locator("#field-orgName")).toHaveValue(orgName);
    await expect(page.locator("#field-email")).toHaveValue("ikke-en-adresse");
    await expect(page.locator("#field-cvr")).toHaveValue("2425679");
    await expect(page.locator("#field-password")).toHaveValue("");
    await expect(page.locator("#field-password-hint")).toContainText(t.passwordNotKept);
    await shoot(page, `apply-errors-${lang}`);

    // eight digits with a wrong check digit: the message says look for a typo
    await page.locator("#field-cvr").fill("24256791");
    await page.locator("#field-password").fill("en lang og god adgangskode");
    await page.getByRole("button", { name: t.submit }).click();
    await expect(summary).toBeFocused();
    await expect(summary).toContainText(t.cvrCheck);
    await expect(summary.locator('a[href="#field-password"]')).toHaveCount(0);
  });
}

for (const lang of ["da", "en"] as const) {
  const t = text[lang];

  // The changed screens with JavaScript, where the fixture checks each page with axe; screenshots for review.
  test(`${lang}: the screens — /forum/applied, an unconfirmed case for staff, the charter's confirm step — are axe clean`, async ({ page, baseURL, mail }) => {
    const { createUser, createOrganisation, DEFAULT_PASSWORD } = await models();
    await ensureCharter();
    await useLanguage(page, lang, baseURL!);
    const orgName = `Skærmforeningen ${unique()}`;
    const email = `screens-${unique()}@example.dk`;
    await fillApplication(page, { orgName, email });
    await page.getByRole("button", { name: t.submit }).click();
    await expect(page.getByText(t.sentTo(email))).toBeVisible();
    await mail.waitFor(1, (r) => r.envelope.to.includes(email));
    await shoot(page, `applied-${lang}`);

    const admin = await createUser({ role: "ADMIN", locale: lang });
    await createOrganisation({ state: "APPROVED" });
    await signIn(page, admin.email, DEFAULT_PASSWORD);
    await page.goto("/staff/forum?state=UNCONFIRMED");
    await expect(page.getByRole("row", { name: new RegExp(orgName) })).toContainText(t.unconfirmedTab);
    await shoot(page, `staff-list-unconfirmed-${lang}`);
    await page.getByRole("link", { name: orgName }).click();
    await expect(page.getByRole("button", { name: t.staffResend })).toBeVisible();
    await shoot(page, `staff-case-unconfirmed-${lang}`);

    await page.goto("/staff/charter");
    await page.getByLabel(t.textDa).fill(`${await page.getByLabel(t.textDa).inputValue()}\n\nSkærmsætning ${unique()}.`);
    await page.getByRole("button", { name: t.publish, exact: true }).click();
    await expect(page.locator("section.alert-warning")).toBeFocused();
    await shoot(page, `charter-confirm-${lang}`);
  });
}

/**
 * Without JavaScript the forms are plain posts. axe needs a script in the page, so these run in a context of their
 * own; the same screens are checked by axe in the tests with JavaScript above and in "the screens" below.
 */
const noJs = test.extend<{ page: Page }>({
  page: async ({ browser, baseURL }, provide) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
    await provide(await context.newPage());
    await context.close();
  },
});

noJs.describe("without JavaScript", () => {
  for (const lang of ["da", "en"] as const) {
    const t = text[lang];

    noJs(`${lang}: the application's errors come in one pass as a plain form, CVR messages apart`, async ({ page, baseURL }) => {
      await ensureCharter();
      await useLanguage(page, lang, baseURL!);
      const orgName = `Uden JS ${unique()}`;
      await fillApplication(page, { orgName, email: `nojs-${unique()}@example.dk`, cvr: "24256791", password: "kort" });
      await page.getByRole("button", { name: t.submit }).click();
      const summary = page.locator(".error-summary");
      await expect(summary).toContainText(t.cvrCheck);
      await expect(summary).toContainText(t.tooShort);
      await expect(page.locator("#field-orgName")).toHaveValue(orgName);
      await page.locator("#field-cvr").fill("123");
      await page.locator("#field-password").fill("en lang og god adgangskode");
      await page.getByRole("button", { name: t.submit }).click();
      await expect(summary).toContainText(t.cvrFormat);
      await expect(summary.locator('a[href="#field-password"]')).toHaveCount(0);
    });

    noJs(`${lang}: /forum/applied shows the address and resends; the old link stops working; the answer is the same for any address, limited with Retry-After`, async ({ page, baseURL, mail }) => {
      await ensureCharter();
      await useLanguage(page, lang, baseURL!);
      const email = `applied-${unique()}@example.dk`;
      await fillApplication(page, { orgName: `Forening ${unique()}`, email });
      await page.getByRole("button", { name: t.submit }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.appliedHeading);
      await expect(page.getByText(t.sentTo(email))).toBeVisible();
      const [first] = await mail.waitFor(1, (r) => r.envelope.to.includes(email));
      await expect(page.locator("#field-email")).toHaveValue(email);
      await page.getByRole("button", { name: t.resend }).click();
      await expect(page.getByRole("status")).toContainText(t.resendDone);
      if (lang === "da") await shoot(page, "applied-resent-da");
      const both = await mail.waitFor(2, (r) => r.envelope.to.includes(email));
      const oldLink = confirmLink(first!.mail.text!);
      const newLink = confirmLink(both[1]!.mail.text!);
      expect(newLink).not.toBe(oldLink);
      expect((await page.goto(oldLink))!.status()).toBe(410);
      expect((await page.goto(newLink))!.status()).toBe(200);

      // the same answer for an unknown address; per address the sixth request in ten minutes is refused with Retry-After
      const ctx = await apiRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! }, maxRedirects: 0 });
      try {
        const unknown = await ctx.post("/forum/applied", { form: { email: `ukendt-${unique()}@example.dk` } });
        const known = await ctx.post("/forum/applied", { form: { email } });
        for (const res of [unknown, known]) {
          expect(res.status()).toBe(302);
          expect(res.headers()["location"]).toBe("/forum/applied");
        }
        expect(await known.text()).toBe(await unknown.text());
        let limited = null;
        for (let i = 0; i < 5 && !limited; i++) {
          const res = await ctx.post("/forum/applied", { form: { email } });
          if (res.status() === 429) limited = res;
        }
        expect(limited?.status()).toBe(429);
        expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
      } finally {
        await ctx.dispose();
      }
    });

    noJs(`${lang}: staff see an unconfirmed application, resend its confirmation and correct its address (audited)`, async ({ page, baseURL, mail }) => {
      const { createUser, DEFAULT_PASSWORD, db } = await models();
      const charter = await ensureCharter();
      const orgName = `Tastefejl ${unique()}`;
      const typo = `amira-${unique()}@exmaple.dk`;
      const ctx = await apiRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! }, maxRedirects: 0 });
      await ctx.post("/forum/apply", {
        form: {
          orgName, cvr: "", street: "Blågårdsgade 3", postcode: "2200", city: "København N", website: "", districts: "norrebro",
          description: "Lektiehjælp.", contactName: "Amira Hansen", contactTitle: "Formand", email: typo, phone: "12345678",
          password: "en lang og god adgangskode", charterVersionId: charter.id, charterLocale: "da", declaration: "on",
          signerName: "Amira Hansen", signerTitle: "Formand", authority: "on",
        },
      });
      await ctx.dispose();
      const [first] = await mail.waitFor(1, (r) => r.envelope.to.includes(typo));

      const staff = await createUser({ role: "STAFF", locale: lang });
      await useLanguage(page, lang, baseURL!);
      await signIn(page, staff.email, DEFAULT_PASSWORD);
      await page.goto("/staff/forum");
      await page.getByRole("link", { name: new RegExp(`^${t.unconfirmedTab}`) }).click();
      const row = page.getByRole("row", { name: new RegExp(orgName) });
      await expect(row).toContainText(t.unconfirmedTab);
      await row.getByRole("link", { name: orgName }).click();
      await expect(page.locator("p.font-lead")).toContainText(t.unconfirmedTab);

      await page.getByRole("button", { name: t.staffResend }).click();
      await expect(page.getByRole("status")).toContainText(t.staffResendDone);
      await mail.waitFor(2, (r) => r.envelope.to.includes(typo));

      const corrected = `amira-${unique()}@example.dk`;
      await page.getByLabel(t.correctLabel).fill(corrected);
      await page.getByRole("button", { name: t.correctSubmit }).click();
      await expect(page.getByRole("status")).toContainText(t.correctDone);
      await expect(page.getByText(corrected)).toBeVisible();
      if (lang === "da") await shoot(page, "staff-unconfirmed-da");
      const [fresh] = await mail.waitFor(1, (r) => r.envelope.to.includes(corrected));
      expect((await page.goto(confirmLink(first!.mail.text!)))!.status()).toBe(410);
      expect((await page.goto(confirmLink(fresh!.mail.text!)))!.status()).toBe(200);
      const org = await db.organisation.findFirstOrThrow({ where: { name: orgName } });
      expect(await db.auditLog.count({ where: { entityId: org.id, actorId: staff.id, action: { in: ["forum.resendConfirmation", "forum.correctEmail"] } } })).toBe(2);
    });

    noJs(`${lang}: publishing an unchanged charter is refused; a changed one asks to confirm with the number of members`, async ({ page, baseURL }) => {
      const { createUser, createOrganisation, DEFAULT_PASSWORD, db } = await models();
      await ensureCharter();
      await createOrganisation({ state: "APPROVED" });
      const admin = await createUser({ role: "ADMIN", locale: lang });
      await useLanguage(page, lang, baseURL!);
      await signIn(page, admin.email, DEFAULT_PASSWORD);
      await page.goto("/staff/charter");
      const before = await db.charterVersion.count();
      // the form comes prefilled with the current text: publishing it as it is is refused
      await page.getByRole("button", { name: t.publish, exact: true }).click();
      await expect(page.locator(".error-summary")).toContainText(t.unchanged);
      await page.getByLabel(t.textDa).fill(`${await page.getByLabel(t.textDa).inputValue()}\n\nEn ny sætning ${unique()}.`);
      await page.getByRole("button", { name: t.publish, exact: true }).click();
      const members = await db.organisation.count({ where: { state: "APPROVED" } });
      const confirm = page.locator("section.alert-warning");
      await expect(confirm).toContainText(t.confirmText(members));
      if (lang === "da") await shoot(page, "charter-confirm-da");
      expect(await db.charterVersion.count()).toBe(before);
      await confirm.getByRole("button", { name: t.confirmSubmit }).click();
      await expect(page.getByRole("status")).toBeVisible();
      expect(await db.charterVersion.count()).toBe(before + 1);
    });
  }
});
