import { spawn, spawnSync } from "node:child_process";
import { TEST_SECRET_KEY } from "../support/portal";
import { rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { freshDbCopy, root } from "../support/db";
import { expect, models, signIn, test } from "./fixtures";
import { demoLogins } from "../../prisma/seed/foundation";
import { freePort } from "../support/net";
import { freshTotpCode } from "../support/totp";

const server = path.join(root, "app/server.js");

function productionEnv(overrides: Record<string, string | undefined>) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: "1",
    APP_URL: "https://vink.example",
    SMTP_URL: "smtp://127.0.0.1:2525",
    MAIL_FROM: "VINK <vink@kk.dk>",
    SECRET_KEY: TEST_SECRET_KEY,
    DATABASE_URL: `file:${freshDbCopy("e2e-start")}`,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

test("production refuses to start without APP_URL, SMTP_URL, MAIL_FROM, DATABASE_URL or SECRET_KEY, saying which in one line", async () => {
  for (const missing of ["APP_URL", "SMTP_URL", "MAIL_FROM", "DATABASE_URL", "SECRET_KEY"]) {
    const result = spawnSync(process.execPath, [server], { cwd: root, env: productionEnv({ [missing]: undefined }), encoding: "utf8", timeout: 20_000 });
    expect(result.status, missing).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines, missing).toEqual([`VINK Portal cannot start: Setting ${missing} is required in production`]);
    expect(result.stdout.trim()).toBe("");
  }
  // and a bad value names itself too
  const bad = spawnSync(process.execPath, [server], { cwd: root, env: productionEnv({ SMTP_URL: "mail.example:25" }), encoding: "utf8", timeout: 20_000 });
  expect(bad.status).toBe(1);
  expect(bad.stderr.trim()).toBe("VINK Portal cannot start: Setting SMTP_URL must start with smtp:// or smtps://");
});

test("npm start's server applies pending migrations to an empty database, adds no demo data and stops on SIGTERM", async () => {
  const dbFile = path.join(root, ".tmp", `e2e-start-empty-${process.pid}-${Date.now()}.db`);
  const port = await freePort();
  const env = productionEnv({ PORT: String(port), APP_URL: `http://localhost:${port}`, DATABASE_URL: `file:${dbFile}` });
  const logs: string[] = [];
  const child = spawn(process.execPath, [server, "--migrate"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => logs.push(String(d)));
  child.stderr.on("data", (d) => logs.push(String(d)));
  try {
    await expect.poll(() => logs.join(""), { timeout: 30_000 }).toContain(`VINK Portal at http://localhost:${port}`);
    expect(logs.join("")).toContain("All migrations have been successfully applied");
    // app/server.js's load-time edits of React Router and Remix (docs/decisions/0030-frame-cost.md) fit the installed
    // versions: an upgrade that moves their code makes the server warn and lose them, and this test says so
    expect(logs.join("")).not.toContain("loaded unedited");
    expect((await fetch(`http://localhost:${port}/readyz`)).status).toBe(200);
    const sqlite = new Database(dbFile, { readonly: true });
    expect(sqlite.prepare("SELECT count(*) AS n FROM User").get()).toEqual({ n: 0 });
    expect((sqlite.prepare("SELECT count(*) AS n FROM _prisma_migrations").get() as { n: number }).n).toBeGreaterThan(0);
    sqlite.close();
  } finally {
    child.kill("SIGTERM");
  }
  const code = await new Promise((r) => child.once("exit", r));
  expect(code).toBe(0);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
});

test("the development mailbox is not served in production, not even to staff", async ({ page, app }) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF" });
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole("link", { name: "Postkasse til udvikling" })).toHaveCount(0);
  for (const url of ["/dev/mail", "/dev/mail/someid"]) {
    const response = await page.goto(`${app.url}${url}`);
    expect(response?.status(), url).toBe(404);
  }
});

test("the demo's set-up (production build, NODE_ENV=development, no SMTP) keeps mail in /dev/mail for staff", async ({ page }) => {
  const dbFile = freshDbCopy("e2e-demo");
  const seeded = spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, NODE_ENV: "development" },
    encoding: "utf8",
  });
  expect(seeded.stdout).toContain("Seeded the demo data.");
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", PORT: String(port), APP_URL: url, DATABASE_URL: `file:${dbFile}` };
  delete env.SMTP_URL;
  delete env.MAIL_FROM;
  const logs: string[] = [];
  const child = spawn(process.execPath, [server], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => logs.push(String(d)));
  child.stderr.on("data", (d) => logs.push(String(d)));
  try {
    await expect.poll(() => logs.join(""), { timeout: 20_000 }).toContain(`Mail stays in the development mailbox: ${url}/dev/mail`);
    const [admin, staff] = demoLogins;

    await page.goto(`${url}/forgot-password`);
    await page.getByLabel("E-mail").fill(admin.email);
    await page.getByRole("button", { name: /Send/ }).click();
    await expect(page).toHaveURL(/sent=1/);

    await page.goto(`${url}/login`);
    await page.getByLabel("E-mail").fill(staff.email);
    await page.getByLabel("Adgangskode").fill(staff.password);
    await page.getByRole("button", { name: "Log ind", exact: true }).click();
    // the demo's staff come enrolled: the code from the printed TOTP secret, as a newcomer's app would show it
    await expect(page).toHaveURL(`${url}/login/verify`);
    await page.getByLabel("Kode fra appen").fill(await freshTotpCode(staff.email, staff.totpSecret));
    await page.getByRole("button", { name: "Log ind", exact: true }).click();
    await expect(page).toHaveURL(`${url}/staff`);

    await page.getByRole("navigation", { name: "Medarbejdermenu" }).getByRole("link", { name: "Postkasse til udvikling" }).click();
    await expect(page).toHaveURL(`${url}/dev/mail`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Postkasse til udvikling");
    const row = page.getByRole("row").filter({ hasText: admin.email });
    await expect(row).toContainText("Sendt", { timeout: 10_000 });
    await row.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`${url}/dev/mail/\\w+`));
    await expect(page.getByRole("heading", { name: "Tekstdelen" })).toBeVisible();
    await expect(page.locator("pre").first()).toContainText("/reset-password/");
    const frame = page.locator("iframe");
    await expect(frame).toHaveAttribute("sandbox", "");
    await expect(frame).toHaveAttribute("title", "HTML-delen af mailen, vist uden scripts");
    await expect(page.frameLocator("iframe").locator("body")).toContainText("/reset-password/");
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
});
