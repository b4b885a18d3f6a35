import AxeBuilder from "@axe-core/playwright";
import ExcelJS from "exceljs";
import type { Browser, Page } from "@playwright/test";
import { expect, models, signIn, test } from "./fixtures";

/**
 * Issue 9 items 1-3 through the real UI, without JavaScript: every paste format, an uploaded XLSX and its column
 * mapping, leave-out-and-continue, the left-out list, the remind confirmation; in Danish and in English; axe clean.
 */
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * axe needs JavaScript, and these pages are used without it: the page as rendered (scripts removed) is checked in a
 * second, JavaScript-enabled page on the same origin, so its stylesheets load.
 */
async function axeClean(page: Page) {
  // the copy's preview frames drop sandbox="" so axe can check the mail too (it holds no script either way)
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "").replace(/ sandbox=""/g, "");
  const checker = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin, viewport: DESKTOP });
  try {
    const copy = await checker.newPage();
    await copy.goto("/healthz");
    await copy.setContent(html, { waitUntil: "load" });
    const results = await new AxeBuilder({ page: copy }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const found = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(found, page.url()).toEqual([]);
  } finally {
    await checker.close();
  }
}

async function shoot(page: Page, name: string) {
  for (const [size, viewport] of [["1280", DESKTOP], ["390", PHONE]] as const) {
    await page.setViewportSize(viewport);
    // Chromium paints a frame below the fold only once it has been in view
    for (const frame of await page.locator("iframe").all()) await frame.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/${name}-${size}.png`, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

async function noJs(browser: Browser, baseURL: string | undefined, locale: string) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: DESKTOP, locale });
  return { context, page: await context.newPage() };
}

async function xlsx(rows: (string | null)[][]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Deltagere");
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

test("Danish, without JavaScript: an Outlook list with a bad line is left out and continued, the left-out list says why; an XLSX is mapped; remind asks to confirm a count", async ({ browser, baseURL, mail }) => {
  test.setTimeout(180_000);
  const { createUser, createEvent, db, DEFAULT_PASSWORD } = await models();
  const { optOut } = await import("~/models/optouts.server");
  const { registerForEvent } = await import("~/models/registrations.server");
  const id = unique();
  const staff = await createUser({ role: "STAFF", email: `stab-${id}@kk.dk` });
  const event = await createEvent({ title: `Temaaften ${id}`, kind: "THEME_DAY", audience: "EVERYONE", capacity: 50 });
  await optOut(`ulla-${id}@example.dk`);
  await registerForEvent({ eventId: event.id, source: "PUBLIC", name: "Rikke", email: `rikke-${id}@example.dk`, locale: "da" });
  const { context, page } = await noJs(browser, baseURL, "da-DK");
  try {
    await signIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/staff/events/${event.id}/invitations/new`);
    await expect(page.getByLabel("Emne")).toHaveValue(`Invitation: ${event.title}`);
    await page.getByLabel("Besked på dansk").fill("Vi håber, I vil komme.");
    const outlook = [
      `"Kjær, Hanne" <hanne-${id}@example.dk>; Bo Jensen <bo-${id}@example.dk>`,
      `Eve <eve-${id}@@example.dk>`,
      `hanne-${id}@example.dk, Ulla <ulla-${id}@example.dk>, rikke-${id}@example.dk`,
    ].join("\n");
    await page.getByLabel("Indsæt adresser").fill(outlook);
    await page.getByRole("button", { name: "Se forhåndsvisning" }).click();
    await expect(page.getByText("Indsat liste, linje 2: e-mailadressen er ikke gyldig")).toBeVisible();
    await axeClean(page);
    await shoot(page, "invitation-bad-lines");
    await page.getByRole("button", { name: "Udelad dem, og fortsæt" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Forhåndsvisning: Invitation: ${event.title}`);
    const recipients = page.getByTestId("draft-recipients");
    await expect(recipients.locator("tbody tr")).toHaveCount(2);
    await expect(recipients.locator(`tr[data-email="hanne-${id}@example.dk"]`)).toContainText("Kjær, Hanne");
    const left = page.getByTestId("left-out");
    await expect(left.locator("tr[data-reason=invalid]")).toContainText(`Eve <eve-${id}@@example.dk>`);
    await expect(left.locator("tr[data-reason=duplicate]")).toContainText(`hanne-${id}@example.dk`);
    await expect(left.locator("tr[data-reason=unsubscribed]")).toContainText(`ulla-${id}@example.dk`);
    await expect(left.locator("tr[data-reason=registered]")).toContainText(`rikke-${id}@example.dk`);
    // the HTML mail exactly as sent, in a frame that may run nothing
    await expect(page.getByTestId("preview-da-html")).toHaveAttribute("sandbox", "");
    expect(await page.getByTestId("preview-da-html").getAttribute("srcdoc")).toContain("Vi håber, I vil komme.");
    await axeClean(page);
    await shoot(page, "invitation-draft");
    // search narrows both lists
    await page.getByLabel("Søg på navn eller e-mail").fill("ulla");
    await page.getByRole("search").getByRole("button", { name: "Søg", exact: true }).click();
    await expect(page).toHaveURL(/\?q=ulla/);
    await expect(recipients.locator("tbody tr")).toHaveCount(0);
    await expect(left.locator("tbody tr")).toHaveCount(1);
    await page.getByRole("button", { name: "Kassér kladden" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invitationer");

    // Excel rows pasted (tabs, header in any order) and an XLSX upload without a header, mapped by hand
    await page.goto(`/staff/events/${event.id}/invitations/new`);
    await page.getByLabel("Besked på dansk").fill("Vi håber, I vil komme.");
    await page.getByLabel("Indsæt adresser").fill(`E-mail\tNavn\tSprog\ncai-${id}@example.dk\tCai\tengelsk\n`);
    await page.getByLabel(/Eller upload en fil/).setInputFiles({
      name: "deltagere.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await xlsx([["Dorte Dam", "dorte-note", `dorte-${id}@example.dk`], ["Erik Eg", "erik-note", `erik-${id}@example.dk`]]),
    });
    await page.getByRole("button", { name: "Se forhåndsvisning" }).click();
    await expect(page.getByRole("heading", { name: "Vælg kolonner i filen" })).toBeVisible();
    await expect(page.getByLabel("E-mail", { exact: true })).toHaveValue("2");
    await page.getByRole("combobox", { name: /^Navn/ }).selectOption("0");
    await page.getByLabel("Første række er overskrifter").uncheck();
    await expect(page.getByLabel("Indsæt adresser")).toHaveValue(`E-mail\tNavn\tSprog\ncai-${id}@example.dk\tCai\tengelsk\n`);
    await axeClean(page);
    await shoot(page, "invitation-mapping");
    await page.getByRole("button", { name: "Se forhåndsvisning" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Forhåndsvisning: Invitation: ${event.title}`);
    const draft = page.getByTestId("draft-recipients");
    await expect(draft.locator("tbody tr")).toHaveCount(3);
    await expect(draft.locator(`tr[data-email="dorte-${id}@example.dk"]`)).toContainText("Dorte Dam");
    await expect(draft.locator(`tr[data-email="cai-${id}@example.dk"]`)).toContainText("Engelsk");

    // Discard is a section of its own, after scheduling, far from Send
    const send = await page.getByRole("button", { name: "Send til 3 modtagere" }).boundingBox();
    const discard = await page.getByRole("button", { name: "Kassér kladden" }).boundingBox();
    expect(discard!.y - send!.y).toBeGreaterThan(200);
    await page.getByRole("button", { name: "Send til 3 modtagere" }).click();
    await expect(page.getByText("Påmindelser kan sendes, når afsendelsen er færdig.").or(page.getByRole("link", { name: "Mind dem, der ikke har svaret" }))).toBeVisible();
    for (const who of ["cai", "dorte", "erik"]) await mail.waitFor(1, (r) => r.envelope.to.includes(`${who}-${id}@example.dk`));
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("progress-text")).toContainText("Alle mails er behandlet.", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });

    // within a day of the invitation nobody is reminded, and the page says so before anything is sent
    await page.getByRole("link", { name: "Mind dem, der ikke har svaret" }).click();
    await expect(page.getByTestId("remind-count")).toContainText("Ingen kan få en påmindelse lige nu");
    // a day later: the count, and a confirmation
    const invitation = await db.invitation.findFirstOrThrow({ where: { eventId: event.id, sentAt: { not: null } } });
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    await db.invitation.update({ where: { id: invitation.id }, data: { sentAt: dayAgo } });
    await db.emailOutbox.updateMany({ where: { batchId: invitation.id }, data: { sentAt: dayAgo } });
    await page.reload();
    await expect(page.getByTestId("remind-count")).toContainText("3 personer får en påmindelse");
    await axeClean(page);
    await shoot(page, "invitation-remind-confirm");
    await page.getByRole("button", { name: "Send påmindelse til 3" }).click();
    await expect(page.getByRole("status").filter({ hasText: "påmindelser" })).toContainText("3 påmindelser er sat i kø.");
    await mail.waitFor(1, (r) => r.envelope.to.includes(`erik-${id}@example.dk`) && (r.mail.subject ?? "").startsWith("Påmindelse"));
  } finally {
    await context.close();
  }
});

test("English, without JavaScript: a Gmail list and Sheets rows, an English message, a scheduled send", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const { createUser, createEvent, DEFAULT_PASSWORD } = await models();
  const id = unique();
  const staff = await createUser({ role: "STAFF", email: `staff-${id}@kk.dk`, locale: "en" });
  const event = await createEvent({ title: `Theme evening ${id}`, kind: "THEME_DAY", audience: "EVERYONE", capacity: 50 });
  const { context, page } = await noJs(browser, baseURL, "en-GB");
  try {
    await signIn(page, staff.email, DEFAULT_PASSWORD);
    await page.goto(`/staff/events/${event.id}/invitations/new`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("New invitation");
    await page.getByLabel("Message in Danish").fill("Vi håber, I vil komme.");
    await page.getByLabel("Message in English").fill("We hope you will come.");
    // Sheets rows without a header: the address column is found by what it holds
    await page.getByLabel("Paste addresses").fill(`Fiona\tfiona-${id}@example.dk\ten\nGustav\tgustav-${id}@example.dk\tda`);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Preview: Invitation: ${event.title}`);
    const draft = page.getByTestId("draft-recipients");
    await expect(draft.locator(`tr[data-email="fiona-${id}@example.dk"]`)).toContainText("English");
    await expect(page.getByText("Nobody is left out.")).toBeVisible();
    expect(await page.getByTestId("preview-en-html").getAttribute("srcdoc")).toContain("We hope you will come.");
    expect(await page.getByTestId("preview-en-html").getAttribute("srcdoc")).not.toContain("Vi håber");
    await axeClean(page);
    await shoot(page, "invitation-draft-en");

    // a time in the past is refused where staff typed it, as an error, and nothing is scheduled
    await page.getByLabel("Date").fill("2001-12-16");
    await page.getByLabel("Time").fill("17:00");
    await page.getByRole("button", { name: "Schedule the send" }).click();
    await expect(page.locator("#schedule").getByRole("alert")).toHaveText("Choose a time in the future");
    await expect(page.getByTestId("scheduled-for")).toHaveCount(0);

    await page.getByLabel("Date").fill("2099-12-16");
    await page.getByLabel("Time").fill("17:00");
    await page.getByRole("button", { name: "Schedule the send" }).click();
    await expect(page.getByRole("status").filter({ hasText: "scheduled" })).toContainText("The send has been scheduled.");
    await expect(page.getByTestId("scheduled-for")).toContainText("17:00");

    // a Gmail list, with a quoted name holding a comma
    await page.goto(`/staff/events/${event.id}/invitations/new`);
    await page.getByLabel("Message in Danish").fill("Vi håber, I vil komme.");
    await page.getByLabel("Paste addresses").fill(`"Kjær, Hanne" <hanne-${id}@example.dk>, Ib <ib-${id}@example.dk>`);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("draft-recipients").locator("tbody tr")).toHaveCount(2);
    await expect(page.getByTestId("draft-recipients")).toContainText("Kjær, Hanne");
  } finally {
    await context.close();
  }
});
