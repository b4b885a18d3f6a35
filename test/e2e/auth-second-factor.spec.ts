import type { Browser, Page } from "@playwright/test";
import { freshTotpCode } from "../support/totp";
import { expect, models, signIn, test } from "./fixtures";

/** Two-factor sign-in through the real pages (issue 11, part 2; docs/decisions/0022-second-factor.md). */

const logOut = (page: Page) => page.getByRole("button", { name: "Log ud", exact: true }).first().click();

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Adgangskode").fill(password);
  await page.getByRole("button", { name: "Log ind", exact: true }).click();
  await expect(page).toHaveURL(/\/login\/verify$/);
}

test("staff without a factor are held at enrolment, set up an app from the shown key, and sign in with its code; a recovery code works once", async ({ page }) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF", secondFactor: false, name: "Nina Ny" });
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  // held: the staff area sends them to enrolment
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByText("Du skal opsætte totrinsbekræftelse")).toBeVisible();
  const held = await page.goto("/staff/events");
  expect(new URL(held!.url()).pathname).toBe("/account/security");

  await page.getByRole("button", { name: "Opsæt godkendelses-app" }).click();
  await expect(page.getByRole("img", { name: "QR-kode til godkendelses-appen" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // a wrong code first: the error is beside the field and the set-up stays
  await page.getByLabel("Kode fra appen").fill("000000");
  await page.getByRole("button", { name: "Bekræft og slå til" }).click();
  await expect(page.getByRole("alert")).toContainText("Koden er forkert eller udløbet");
  await page.getByLabel("Kode fra appen").fill(await freshTotpCode(staff.email, secret));
  await page.getByRole("button", { name: "Bekræft og slå til" }).click();
  await expect(page.getByText("Godkendelses-appen er slået til.")).toBeVisible();
  const codes = await page.getByTestId("recovery-codes").locator("code").allInnerTexts();
  expect(codes).toHaveLength(10);
  // no longer held
  await page.goto("/staff");
  await expect(page).toHaveURL(/\/staff$/);

  // sign out, and in again: password, then the app's code
  await logOut(page);
  await passwordStep(page, staff.email, DEFAULT_PASSWORD);
  await page.getByLabel("Kode fra appen").fill(await freshTotpCode(staff.email, secret));
  await page.getByRole("button", { name: "Log ind", exact: true }).click();
  await expect(page).toHaveURL(/\/staff$/);

  // a recovery code instead of the app: once
  await logOut(page);
  await passwordStep(page, staff.email, DEFAULT_PASSWORD);
  await page.getByRole("textbox", { name: "Gendannelseskode" }).fill(codes[0]!);
  await page.getByRole("button", { name: "Log ind med gendannelseskode" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await logOut(page);
  await passwordStep(page, staff.email, DEFAULT_PASSWORD);
  await page.getByRole("textbox", { name: "Gendannelseskode" }).fill(codes[0]!);
  await page.getByRole("button", { name: "Log ind med gendannelseskode" }).click();
  await expect(page.getByRole("alert")).toContainText("Gendannelseskoden er forkert eller allerede brugt");
  await expect(page).toHaveURL(/\/login\/verify$/);
  // the next one still works
  await page.getByRole("textbox", { name: "Gendannelseskode" }).fill(codes[1]!);
  await page.getByRole("button", { name: "Log ind med gendannelseskode" }).click();
  await expect(page).toHaveURL(/\/staff$/);
});

test("a passkey is added on the security page and then signs in without a password, and as the second step", async ({ page }) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF", name: "Peter Passkey" });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });

  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.getByRole("link", { name: "Sikkerhed" }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await page.getByLabel("Navn på adgangsnøglen").fill("Arbejdscomputer");
  await page.getByRole("button", { name: "Tilføj adgangsnøgle" }).click();
  await expect(page.getByText("Adgangsnøglen er tilføjet.")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Arbejdscomputer" })).toBeVisible();

  // passwordless: the passkey with user verification is both factors
  await logOut(page);
  await page.goto("/login");
  await page.getByRole("button", { name: "Log ind med adgangsnøgle" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByText(`Logget ind som ${staff.name}`)).toBeVisible();

  // after a password, the passkey as the second step
  await logOut(page);
  await passwordStep(page, staff.email, DEFAULT_PASSWORD);
  await page.getByRole("button", { name: "Bekræft med adgangsnøgle" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto("/account/security");
  await expect(page.getByRole("row", { name: /Arbejdscomputer/ })).not.toContainText("Aldrig");
});

test("an admin resets a member of staff's second factor: their sessions end and they must enrol again", async ({ page, browser, app }) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const admin = await createUser({ role: "ADMIN" });
  const staff = await createUser({ role: "STAFF", name: "Tabt Telefon" });
  const theirs = await signedInPage(browser, app.url, staff.email, DEFAULT_PASSWORD);
  await signIn(page, admin.email, DEFAULT_PASSWORD);
  await page.goto("/staff/users");
  const row = page.getByRole("row").filter({ hasText: staff.email });
  await expect(row).toContainText("Ja");
  await row.getByRole("button", { name: "Nulstil totrinsbekræftelse" }).click();
  await expect(page.getByText("Totrinsbekræftelsen er nulstillet.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: staff.email })).toContainText("Nej");

  await theirs.goto("/staff");
  await expect(theirs).toHaveURL(/\/login\?redirectTo=%2Fstaff/);
  await signIn(theirs, staff.email, DEFAULT_PASSWORD);
  await expect(theirs).toHaveURL(/\/account\/security$/);
  await theirs.context().close();
});

test("changing the password ends the other sessions and keeps this one", async ({ page, browser, app }) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const member = await createUser({ role: "MEMBER" });
  const other = await signedInPage(browser, app.url, member.email, DEFAULT_PASSWORD);
  await signIn(page, member.email, DEFAULT_PASSWORD);
  await page.goto("/account/security");
  await expect(page.getByRole("row")).toHaveCount(3); // header + two devices
  await page.getByLabel("Nuværende adgangskode").fill("forkert kode her");
  await page.getByLabel("Ny adgangskode").fill("en helt ny og god kode");
  await page.getByLabel("Gentag adgangskoden").fill("en helt ny og god kode");
  await page.getByRole("button", { name: "Skift adgangskode" }).click();
  await expect(page.getByRole("alert")).toContainText("Den nuværende adgangskode er forkert");
  await page.getByLabel("Nuværende adgangskode").fill(DEFAULT_PASSWORD);
  await page.getByLabel("Ny adgangskode").fill("en helt ny og god kode");
  await page.getByLabel("Gentag adgangskoden").fill("en helt ny og god kode");
  await page.getByRole("button", { name: "Skift adgangskode" }).click();
  await expect(page.getByText("Din adgangskode er skiftet")).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2);
  await other.goto("/account/security");
  await expect(other).toHaveURL(/\/login\?redirectTo=/);
  await other.context().close();
});

test("'Log ud alle andre steder' ends the other sessions; one device can be signed out by itself", async ({ page, browser, app }) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const member = await createUser({ role: "MEMBER" });
  const second = await signedInPage(browser, app.url, member.email, DEFAULT_PASSWORD);
  const third = await signedInPage(browser, app.url, member.email, DEFAULT_PASSWORD);
  await signIn(page, member.email, DEFAULT_PASSWORD);
  await page.goto("/account/security");
  const devices = page.getByRole("table", { name: "Enheder, hvor du er logget ind" }).locator("tbody tr");
  await expect(devices).toHaveCount(3);
  await expect(devices.filter({ hasText: "Denne enhed" })).toHaveCount(1);
  await expect(devices.filter({ hasText: "Denne enhed" })).toContainText("Chrome på Linux");
  // one other device by itself
  await devices.filter({ hasNotText: "Denne enhed" }).first().getByRole("button", { name: /^Log ud/ }).click();
  await expect(page.getByText("Enheden er logget ud.")).toBeVisible();
  await expect(devices).toHaveCount(2);
  await page.getByRole("button", { name: "Log ud alle andre steder" }).click();
  await expect(page.getByText("Du er logget ud alle andre steder.")).toBeVisible();
  await expect(devices).toHaveCount(1);
  for (const p of [second, third]) {
    await p.goto("/account/security");
    await expect(p).toHaveURL(/\/login\?redirectTo=/);
  }
  await page.goto("/account/security");
  await expect(page).toHaveURL(/\/account\/security$/);
  await second.context().close();
  await third.context().close();
});

test("without JavaScript: TOTP enrolment and the second step work, and the page says passkeys need JavaScript", async ({ browser, app }) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF", secondFactor: false });
  const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto("/login");
    await page.getByLabel("E-mail").fill(staff.email);
    await page.getByLabel("Adgangskode").fill(DEFAULT_PASSWORD);
    await page.getByRole("button", { name: "Log ind", exact: true }).click();
    await expect(page).toHaveURL(/\/account\/security$/);
    await expect(page.getByText("Adgangsnøgler kræver JavaScript i browseren").first()).toBeVisible();
    await page.getByRole("button", { name: "Opsæt godkendelses-app" }).click();
    const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
    await page.getByLabel("Kode fra appen").fill(await freshTotpCode(staff.email, secret));
    await page.getByRole("button", { name: "Bekræft og slå til" }).click();
    await expect(page.getByTestId("recovery-codes").locator("code")).toHaveCount(10);
    await page.getByRole("button", { name: "Log ud", exact: true }).first().click();
    await page.goto("/login");
    await page.getByLabel("E-mail").fill(staff.email);
    await page.getByLabel("Adgangskode").fill(DEFAULT_PASSWORD);
    await page.getByRole("button", { name: "Log ind", exact: true }).click();
    await expect(page).toHaveURL(/\/login\/verify$/);
    await page.getByLabel("Kode fra appen").fill("123");
    await page.getByRole("button", { name: "Log ind", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("Skriv de 6 cifre fra appen");
    await page.getByLabel("Kode fra appen").fill(await freshTotpCode(staff.email, secret));
    await page.getByRole("button", { name: "Log ind", exact: true }).click();
    await expect(page).toHaveURL(/\/staff$/);
  } finally {
    await context.close();
  }
});

test("in English, and on a phone and a desktop (screenshots for review)", async ({ page }, testInfo) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF", secondFactor: false, locale: "en", name: "Emma English" });
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await page.goto("/login");
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Security and sign-in");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: testInfo.outputPath(`account-security-setup-${w}.png`), fullPage: true });
  }
  await page.getByLabel("Code from the app").fill(await freshTotpCode(staff.email, secret));
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: testInfo.outputPath(`account-security-codes-${w}.png`), fullPage: true });
  }
  await page.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await page.goto("/login");
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confirm it is you");
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: testInfo.outputPath(`login-verify-${w}.png`), fullPage: true });
  }
  await page.getByLabel("Code from the app").fill(await freshTotpCode(staff.email, secret));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/staff$/);
});

async function signedInPage(browser: Browser, baseURL: string, email: string, password: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}
