import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { freshDbCopy } from "../support/db";
import { startTestSmtp, type TestSmtp } from "../support/smtp";
import { startPortal, TEST_SECRET_KEY } from "../support/portal";
import { freshTotpCode, TEST_TOTP_SECRET } from "../support/totp";

export { expect };

// The factories seal second-factor secrets in this process: with the key the e2e servers run with (test/support/portal.ts).
process.env.SECRET_KEY ??= TEST_SECRET_KEY;

export type App = { url: string; dbFile: string; smtp: TestSmtp; logs: string[] };

/**
 * Starts the production build (app/server.js with NODE_ENV=production) on a free port with these settings, and waits
 * until it answers /healthz. The worker fixture below uses it; a test that needs an app set up differently (another
 * database, other settings) starts its own and stops it.
 */
export async function startApp(settings: Record<string, string>) {
  const { url, logs, stop } = await startPortal(settings);
  return { url, logs, stop };
}

/**
 * Each Playwright worker runs the production build on a free port, with its own database and a real SMTP server.
 * Tests seed what they need through the app's own models (`seed` below imports them against the worker's database).
 */
export const test = base.extend<{ mail: TestSmtp }, { app: App }>({
  app: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture names from this pattern; it must be there
    async ({}, provide) => {
      const smtp = await startTestSmtp();
      const dbFile = freshDbCopy("e2e");
      process.env.DATABASE_URL = `file:${dbFile}`;
      const server = await startApp({ DATABASE_URL: `file:${dbFile}`, SMTP_URL: smtp.url });
      process.env.APP_URL = server.url;
      await provide({ url: server.url, dbFile, smtp, logs: server.logs });
      await server.stop();
      await smtp.stop();
    },
    { scope: "worker" },
  ],
  baseURL: async ({ app }, provide) => provide(app.url),
  mail: async ({ app }, provide) => provide(app.smtp),
  // Every page a test visits is checked with axe; serious and critical violations fail the test. Tests that only
  // use `request` never open a browser page, so they pay nothing for this.
  page: async ({ page }, provide, testInfo) => {
    const checks: Promise<void>[] = [];
    const problems: string[] = [];
    const check = (p: Page) =>
      checkAccessibility(p)
        .then((found) => {
          problems.push(...found);
        })
        .catch(() => {
          /* the page navigated on while axe ran; the next page is checked in turn */
        });
    page.on("load", () => checks.push(check(page)));
    await provide(page);
    if (!page.isClosed() && page.url() !== "about:blank") checks.push(check(page));
    await Promise.all(checks);
    if (problems.length) {
      await testInfo.attach("axe", { body: problems.join("\n"), contentType: "text/plain" });
      throw new Error(`Accessibility violations:\n${[...new Set(problems)].join("\n")}`);
    }
  },
});

async function checkAccessibility(page: Page): Promise<string[]> {
  await page.waitForLoadState("domcontentloaded");
  // A fully sandboxed frame shows foreign content (a mail's HTML in the dev mailbox): not ours to check, and axe
  // waits forever for a frame that may run no script.
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude('iframe[sandbox=""]')
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${page.url()} ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

/**
 * Signs in through the real form; when the portal asks for the second step (staff, admins, members with an app), types
 * a fresh code from the authenticator app on `totpSecret` (the factories' TEST_TOTP_SECRET by default).
 */
export async function signIn(page: Page, email: string, password: string, totpSecret: string = TEST_TOTP_SECRET) {
  await page.goto("/login");
  await page.getByLabel(/E-mail|Email/).fill(email);
  await page.getByLabel(/Adgangskode|Password/).fill(password);
  await page.getByRole("button", { name: /^(Log ind|Sign in)$/ }).click();
  // either the password was wrong (the error summary), or the portal moved on: to the second step, or signed in
  await Promise.race([
    page.waitForURL((url) => url.pathname !== "/login").catch(() => undefined),
    page.locator(".error-summary").waitFor().catch(() => undefined),
  ]);
  if (new URL(page.url()).pathname !== "/login/verify") return;
  await page.getByLabel(/Kode fra appen|Code from the app/).fill(await freshTotpCode(email, totpSecret));
  await page.getByRole("button", { name: /^(Log ind|Sign in)$/ }).click();
  await page.waitForURL((url) => url.pathname !== "/login/verify").catch(() => undefined);
}

/**
 * Signs a request context in through the real forms (POST /login, then /login/verify with a fresh code when the
 * portal asks for one). The context must send our Origin and not follow redirects; returns the answer that set the
 * session cookie.
 */
export async function signInRequest(ctx: APIRequestContext, email: string, password: string, totpSecret: string = TEST_TOTP_SECRET): Promise<APIResponse> {
  const login = await ctx.post("/login", { form: { email, password } });
  if (login.status() !== 302 || login.headers()["location"] !== "/login/verify") return login;
  return ctx.post("/login/verify", { form: { intent: "totp", code: await freshTotpCode(email, totpSecret) } });
}

/** The app's own models, against this worker's database (for seeding what a test starts from). */
export async function models() {
  const factories = await import("../support/factories");
  const { db } = await import("~/lib/db.server");
  return { ...factories, db };
}
