import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import readXlsxFile from "read-excel-file/node";
import type { Page } from "@playwright/test";
import { freshDbCopy, root } from "../support/db";
import { startPortal } from "../support/portal";
import { expect, signIn, test as base } from "./fixtures";

const shots = path.join(root, ".tmp/screens");

type StatusApp = { url: string; staff: string; admin: string; password: string };

/**
 * A portal of its own for this file (nothing here imports the app's database module: the shared fixtures point it at
 * their worker's database first), on a database seeded with the status fixture year (test/status/fixture.ts) before
 * it starts and without its worker: the figures are exact whatever other files seed, and no worker writes beside the
 * seeding.
 */
const test = base.extend<object, { statusApp: StatusApp }>({
  statusApp: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture names from this pattern; it must be there
    async ({}, provide) => {
      const dbFile = freshDbCopy("e2e-status");
      const users = JSON.parse(
        execFileSync(process.execPath, ["--import", "tsx", path.join(root, "test/status/seed-cli.ts"), dbFile], { cwd: root, encoding: "utf8" }).trim().split("\n").at(-1)!,
      ) as { staff: string; admin: string; password: string };
      const portal = await startPortal({ DATABASE_URL: `file:${dbFile}`, SMTP_URL: "smtp://127.0.0.1:9", START_WORKER: "false" });
      await provide({ url: portal.url, ...users });
      await portal.stop();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
    },
    { scope: "worker" },
  ],
  baseURL: async ({ statusApp }, provide) => provide(statusApp.url),
});

async function signInAs(page: Page, app: StatusApp, role: "staff" | "admin") {
  await signIn(page, app[role], app.password);
  await expect(page).toHaveURL(/\/staff$/);
}

/** The cells of a row in the table of a section, found by the track's row group heading and the row's label. */
async function rowCells(page: Page, section: string, group: string, label: string) {
  const table = page.getByRole("region", { name: section }).getByRole("table");
  const rows = table.locator("tbody").filter({ has: page.getByRole("rowheader", { name: group, exact: true }) }).getByRole("row");
  const row = rows.filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
  return (await row.getByRole("cell").allTextContents()).map((s) => s.trim());
}

test("staff see the year's status per track beside the year before, small counts of people as \"< 5\", in Danish and English", async ({ page, statusApp }) => {
  // the charts render in the browser exactly as on the server: no hydration error
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  await signInAs(page, statusApp, "staff");
  await page.getByRole("navigation", { name: /Medarbejder/ }).getByRole("link", { name: "Status" }).click();
  await expect(page).toHaveURL(/\/staff\/status$/);
  await page.goto("/staff/status?year=2025");
  await expect(page.getByRole("heading", { level: 1, name: "Årlig status for handleplanen 2025" })).toBeVisible();
  expect(await rowCells(page, "Aktivitet pr. spor", "Spor 1: Håndtering af bekymringer", "Tilmeldte personer")).toEqual(["9", "5"]);
  expect(await rowCells(page, "Aktivitet pr. spor", "Spor 3: Forebyggende arbejde", "Tilmeldte personer")).toEqual(["< 5", "0"]);
  expect(await rowCells(page, "Aktivitet pr. spor", "I alt", "Tilmeldte personer")).toEqual(["skjult", "5"]);
  expect(await rowCells(page, "Aktivitet pr. spor", "I alt", "Udbudte pladser")).toEqual(["90", "10"]);
  expect(await rowCells(page, "Aktivitet pr. spor", "Spor 2: Rådgivning og opkvalificering af fagpersoner og civilsamfund", "Fremmøde i procent af de registrerede")).toEqual(["75 %", "–"]);
  expect(await rowCells(page, "Budget og aktivitet", "Spor 1: Håndtering af bekymringer", "Budget (kr.)")).toEqual(["1.400.000", "1.000.000"]);
  expect(await rowCells(page, "Invitationer", "Spor 2: Rådgivning og opkvalificering af fagpersoner og civilsamfund", "Personer, der svarede")).toEqual(["< 5", "0"]);
  // the hidden figures never reach the page: the report is suppressed on the server (test/status/figures.test.ts)

  // the charts: images with a name and a description, their figures as tables, a summary in words
  const charts = page.getByRole("img", { name: /Afholdte mødegange pr\. måned og spor, 2025|Fremmøde i procent pr\. spor|Medlemmer af Medborgerforum/ });
  await expect(charts).toHaveCount(3);
  await expect(page.getByRole("img", { name: "Afholdte mødegange pr. måned og spor, 2025" })).toHaveAccessibleDescription(/spor 2 skraveret/);
  await expect(page.getByText("6 mødegange afholdt i 2025. Flest i marts (2).")).toBeVisible();
  await expect(page.getByText("2 medlemmer ved årets start og 2 ved årets slutning: 2 nye, 1 bortfaldet og 1 udmeldt.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Evalueringer" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(consoleErrors).toEqual([]);

  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    await page.setViewportSize({ width, height });
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, `status-${width}.png`) });
    await page.getByRole("figure", { name: /Afholdte mødegange/ }).screenshot({ path: path.join(shots, `status-${width}-chart-sessions.png`) });
    await page.getByRole("figure", { name: /Fremmøde i procent/ }).screenshot({ path: path.join(shots, `status-${width}-chart-attendance.png`) });
    await page.getByRole("region", { name: "Budget og aktivitet" }).screenshot({ path: path.join(shots, `status-${width}-budget.png`) });
  }

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Yearly status of the action plan 2025" })).toBeVisible();
  expect(await rowCells(page, "Activity per track", "Track 3: Forebyggende arbejde", "Persons registered")).toEqual(["< 5", "0"]);
  expect(await rowCells(page, "Activity per track", "Total", "Distinct participants")).toEqual(["hidden", "5"]);
  await expect(page.getByRole("img", { name: "Sessions held per month and track, 2025" })).toBeVisible();
  await page.getByRole("button", { name: "Dansk" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Årlig status for handleplanen 2025" })).toBeVisible();
});

test("the status works without JavaScript: choosing a year, the print view and the download", async ({ browser, statusApp }) => {
  const context = await browser.newContext({ baseURL: statusApp.url, javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, statusApp, "staff");
  await page.goto("/staff/status");
  await page.getByRole("combobox", { name: "År" }).selectOption("2024");
  await page.getByRole("button", { name: "Vis år" }).click();
  await expect(page).toHaveURL(/\/staff\/status\?year=2024$/);
  await expect(page.getByRole("heading", { level: 1, name: "Årlig status for handleplanen 2024" })).toBeVisible();
  await page.getByRole("link", { name: "Udskrift og PDF" }).click();
  await expect(page).toHaveURL(/\/staff\/status\/print\?year=2024$/);
  await expect(page.getByRole("heading", { level: 1, name: "Årlig status for handleplanen 2024" })).toBeVisible();
  const download = await page.request.get("/staff/status.xlsx?year=2024");
  expect(download.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(download.headers()["content-disposition"]).toBe('attachment; filename="vink-status-2024.xlsx"');
  // a year that is no year is not found
  expect((await page.request.get("/staff/status?year=12345")).status()).toBe(404);
  await context.close();
});

test("the XLSX from the portal opens with exceljs and with read-excel-file, the small-number rule included", async ({ page, statusApp }) => {
  await signInAs(page, statusApp, "staff");
  const response = await page.request.get("/staff/status.xlsx?year=2025");
  expect(response.status()).toBe(200);
  const body = await response.body();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  expect(book.worksheets.map((s) => s.name)).toEqual(["Om tallene", "Aktivitet", "Arrangementstyper", "Medborgerforum", "Invitationer", "Budget", "Evalueringer", "Pr. måned"]);
  const activity = book.getWorksheet("Aktivitet")!;
  const labels = activity.getColumn(1).values.map((v) => String(v ?? ""));
  const track3 = labels.indexOf("Spor 3: Forebyggende arbejde");
  const registered = labels.indexOf("Tilmeldte personer", track3);
  expect(activity.getRow(registered).getCell(2).value).toBe("< 5");
  expect(activity.getRow(labels.indexOf("Tilmeldte personer")).getCell(2).value).toBe(9);
  const sheets = await readXlsxFile(Buffer.from(body));
  const data = sheets.find((s) => s.sheet === "Aktivitet")!.data;
  expect(data[registered - 1]!.slice(0, 3)).toEqual(["Tilmeldte personer", "< 5", 0]);
});

test("the committee paper prints to a PDF whose text reads back with the title, the figures and \"< 5\"", async ({ page, statusApp }) => {
  await signInAs(page, statusApp, "staff");
  await page.goto("/staff/status/print?year=2025");
  await expect(page.getByRole("heading", { level: 1, name: "Årlig status for handleplanen 2025" })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  mkdirSync(shots, { recursive: true });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: path.join(shots, "status-print.png") });
  await page.getByRole("figure", { name: /Medlemmer af Medborgerforum/ }).screenshot({ path: path.join(shots, "status-print-chart-forum.png") });
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  const file = path.join(shots, "status-2025.pdf");
  writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  expect(text).toContain("Årlig status for handleplanen 2025");
  expect(text).not.toContain("Log ud"); // the page frame is not on paper
  expect(text).not.toContain("Udskrift og PDF");
  const line = (label: string, after: string) => {
    const from = text.indexOf(after);
    expect(from, after).toBeGreaterThanOrEqual(0);
    const at = text.indexOf(label, from);
    // pdftotext's layout mode may close up "< 5" to "<5": the words are what count
    return text.slice(at, text.indexOf("\n", at)).replace(/<\s*5/g, "< 5").replace(/\s+/g, " ").trim();
  };
  expect(line("Tilmeldte personer", "Spor 1: Håndtering af bekymringer")).toBe("Tilmeldte personer 9 5");
  expect(line("Tilmeldte personer", "Spor 3: Forebyggende arbejde")).toBe("Tilmeldte personer < 5 0");
  expect(line("Forskellige deltagere", "Spor 3: Forebyggende arbejde")).toBe("Forskellige deltagere < 5 0");
  expect(text).toMatch(/Tilmeldte personer\s+skjult\s+5/);
  expect(text).toContain("Afholdte mødegange pr. måned og spor, 2025");
});

test("admins keep tracks and budgets, and the event form offers the tracks from the table; staff may not keep them", async ({ page, browser, statusApp }) => {
  await signInAs(page, statusApp, "admin");
  await page.getByRole("link", { name: "Spor og budgetter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Handleplanens spor og budgetter" })).toBeVisible();
  mkdirSync(shots, { recursive: true });
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(shots, `tracks-${width}.png`), fullPage: true });
  }
  // a budget for 2016 on track 2, typed the Danish way
  await page.getByLabel("Spor", { exact: true }).selectOption({ label: "Spor 2: Rådgivning og opkvalificering af fagpersoner og civilsamfund" });
  await page.getByRole("textbox", { name: "År" }).fill("2016");
  await page.getByLabel(/Beløb i kr\./).fill("350.000");
  await page.getByRole("button", { name: "Gem budgettet" }).click();
  await expect(page.getByRole("status")).toHaveText("Budgettet er gemt.");
  await expect(page.getByRole("row", { name: /Rådgivning og opkvalificering/ })).toContainText("2016: 350.000 kr.");
  // a wrong amount keeps the input and says what is wrong
  await page.getByLabel(/Beløb i kr\./).fill("mange");
  await page.getByRole("button", { name: "Gem budgettet" }).click();
  await expect(page.getByRole("alert")).toContainText("Skriv beløbet i hele kroner");
  await expect(page.getByLabel(/Beløb i kr\./)).toHaveValue("mange");
  // a fourth track, and its place in the event form
  const number = String(10 + Math.floor(Math.random() * 80));
  await page.getByLabel("Nummer").fill(number);
  await page.getByLabel("Navn").fill("Forsøg med mentorer");
  await page.getByRole("button", { name: "Opret sporet" }).click();
  await expect(page.getByRole("status")).toHaveText("Sporet er oprettet.");
  await page.getByRole("link", { name: `Ret sporet: Spor ${number}: Forsøg med mentorer` }).click();
  await expect(page.getByRole("heading", { level: 2, name: `Spor ${number}: Forsøg med mentorer` })).toBeVisible();
  await page.getByLabel("Navn").fill("Mentorforsøg");
  await page.getByRole("button", { name: "Gem sporet" }).click();
  await expect(page.getByRole("status")).toHaveText("Sporet er gemt.");
  await page.goto("/staff/events/new");
  await expect(page.getByLabel("Spor i handleplanen").locator("option")).toContainText([`Spor ${number}: Mentorforsøg`]);

  const context = await browser.newContext({ baseURL: statusApp.url });
  const staffPage = await context.newPage();
  await signInAs(staffPage, statusApp, "staff");
  await expect(staffPage.getByRole("link", { name: "Spor og budgetter" })).toHaveCount(0);
  expect([403, 404]).toContain((await staffPage.request.get("/staff/tracks")).status());
  await context.close();
});
