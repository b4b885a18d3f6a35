import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { expect, models, signIn, test } from "./fixtures";

/**
 * Evaluations (issue 10, item 5): staff attach a questionnaire to an event; a participant answers through the link in
 * the real confirmation mail (on a phone), another through the code shown at the session (without JavaScript); the
 * results say "< 5" until five have answered, then show n, mean and distribution.
 */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const STATEMENTS = ["Jeg ved, hvor jeg kan få hjælp", "Jeg tør tale med mit barn om det, der bekymrer mig"];

function twoEvenings(): [Date, Date][] {
  const first = new Date(Date.now() + 10 * 86_400_000);
  first.setUTCHours(16, 0, 0, 0);
  return [0, 7].map((d) => {
    const start = new Date(first.getTime() + d * 86_400_000);
    return [start, new Date(start.getTime() + 2 * 3600_000)];
  });
}

/** The pages outside the `page` fixture get the same axe check (serious and critical fail). */
async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const found = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(found, page.url()).toEqual([]);
}

async function answerByCode(browser: Browser, baseURL: string, code: string, values: string[], screenshot = false) {
  // without JavaScript: the form is plain HTML
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: PHONE });
  try {
    const page = await context.newPage();
    await page.goto("/evaluation");
    await expect(page).toHaveTitle("Spørgeskema — VINK");
    if (screenshot) await page.screenshot({ path: "test-results/evaluation-code-390.png", fullPage: true });
    await page.getByLabel("Kode").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Videre" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hvad synes du?");
    for (const [i, statement] of STATEMENTS.entries()) {
      await page.getByRole("group", { name: statement }).getByRole("radio", { name: values[i]!, exact: true }).check();
    }
    await page.getByRole("button", { name: "Send svar" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tak for dit svar");
  } finally {
    await context.close();
  }
}

test("staff attach a questionnaire; answers by the mailed link and by the code; results from five answers", async ({ page, mail, browser, baseURL }) => {
  test.setTimeout(120_000);
  const seed = await models();
  const event = await seed.createEvent({ title: `Zebrakursus for forældre ${Date.now().toString(36)}`, sessions: twoEvenings() });
  const staff = await seed.createUser({ role: "STAFF" });

  // staff: from the event's page to its evaluation, attach the questionnaire
  await page.setViewportSize(DESKTOP);
  await signIn(page, staff.email, seed.DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto(`/staff/events/${event.id}`);
  await page.getByRole("link", { name: "Evaluering" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Evaluering: ${event.title}`);
  await expect(page.getByText("Der er intet spørgeskema på arrangementet endnu.")).toBeVisible();
  // an empty form says what is missing, and keeps what was typed
  await page.getByLabel("Ved slut (link i en mail").uncheck();
  await page.getByLabel("Ved start (link i bekræftelsen").uncheck();
  await page.getByLabel("Spørgsmål med fritekst").fill("Er der andet, du vil sige til os?");
  await page.getByRole("button", { name: "Gem spørgeskema" }).click();
  await expect(page.getByRole("alert")).toContainText("Skriv mindst ét udsagn");
  await expect(page.getByRole("alert")).toContainText("Vælg start, slut eller begge");
  await expect(page.getByLabel("Spørgsmål med fritekst")).toHaveValue("Er der andet, du vil sige til os?");
  await page.getByLabel("Udsagn").fill(STATEMENTS.join("\n"));
  await page.getByLabel("Ved start (link i bekræftelsen").check();
  await page.getByLabel("Ved slut (link i en mail").check();
  await page.getByRole("button", { name: "Gem spørgeskema" }).click();
  await expect(page.getByRole("status")).toHaveText("Spørgeskemaet er gemt.");
  const q = await seed.db.questionnaire.findUniqueOrThrow({ where: { eventId: event.id } });
  await expect(page.locator(".evaluation-code").first()).toHaveText(q.startCode);
  await expect(page.getByRole("table")).toContainText("< 5");

  // a participant signs up; the real confirmation mail carries the personal link
  const registration = await seed.createRegistration(event.id, { email: "forælder@example.dk", name: "Forælder" });
  const [confirmation] = await mail.waitFor(1, (r) => r.envelope.to.includes("forælder@example.dk") && /Du er tilmeldt/.test(r.mail.subject ?? ""));
  const link = confirmation!.mail.text!.match(/https?:\/\/\S+\/evaluations\/[0-9a-f]{64}/)![0];
  const phoneContext = await browser.newContext({ viewport: PHONE, baseURL });
  const phone = await phoneContext.newPage();
  try {
    // the private registration page offers the link too (the same one, where the mail and the page share SECRET_KEY)
    await phone.goto(`/registrations/${registration.token}`);
    await expect(phone.getByRole("link", { name: "Svar på spørgsmålene" })).toHaveAttribute("href", /^\/evaluations\/[0-9a-f]{64}$/);
    await phone.goto(link);
    await expect(phone).toHaveTitle("Spørgeskema — VINK");
    await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Hvad synes du?");
    await phone.screenshot({ path: "test-results/evaluation-participant-390.png", fullPage: true });
    await axeClean(phone);
    // nothing chosen: the error summary names the statements
    await phone.getByRole("button", { name: "Send svar" }).click();
    await expect(phone.getByRole("alert")).toContainText(STATEMENTS[0]!);
    await axeClean(phone);
    await phone.getByRole("group", { name: STATEMENTS[0] }).getByRole("radio", { name: "Enig", exact: true }).check();
    await phone.getByRole("group", { name: STATEMENTS[1] }).getByRole("radio", { name: "Både og", exact: true }).check();
    await phone.getByLabel("Er der andet, du vil sige til os?").fill("Godt at høre andre forældre.");
    // the big target: the whole box takes the tap
    const box = (await phone.locator(".evaluation-choice label").first().boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.width).toBeGreaterThan(300);
    await phone.getByRole("button", { name: "Send svar" }).click();
    await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Tak for dit svar");
    // the link again: answered, and it says so
    await phone.goto(link);
    await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Du har allerede svaret");
    await phone.goto(`/registrations/${registration.token}`);
    await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Du er tilmeldt");
    await expect(phone.getByRole("link", { name: "Svar på spørgsmålene" })).toHaveCount(0);
  } finally {
    await phoneContext.close();
  }

  // the code shown at the first session, typed without a link and without JavaScript
  await answerByCode(browser, baseURL!, q.startCode, ["Helt enig", "Uenig"], true);
  // a wrong code is refused with the input kept
  await page.goto("/evaluation");
  await page.getByLabel("Kode").fill("XXXXXX");
  await page.getByRole("button", { name: "Videre" }).click();
  await expect(page.getByRole("alert")).toContainText("Koden passer ikke");
  await expect(page.getByLabel("Kode")).toHaveValue("XXXXXX");

  // two answers: still "< 5", no mean, no free text
  await page.goto(`/staff/events/${event.id}/evaluation`);
  const table = page.getByRole("table");
  await expect(table.getByRole("row", { name: /Svar/ })).toContainText("< 5");
  await expect(page.getByText("Godt at høre andre forældre.")).toHaveCount(0);
  await expect(page.getByText("Fritekst vises, når der er mindst 5 svar").first()).toBeVisible();

  // three more by the code: five, and the figures show
  await answerByCode(browser, baseURL!, q.startCode, ["Helt enig", "Uenig"]);
  await answerByCode(browser, baseURL!, q.startCode, ["Enig", "Enig"]);
  await answerByCode(browser, baseURL!, q.startCode, ["Helt uenig", "Helt enig"]);
  await page.reload();
  const first = table.getByRole("row", { name: new RegExp(STATEMENTS[0]!) });
  // 4, 5, 5, 4, 1 → mean 3.8; distribution 1 · 0 · 0 · 2 · 2
  await expect(first.getByRole("cell").nth(0)).toHaveText("5");
  await expect(first.getByRole("cell").nth(1)).toHaveText("3,8");
  await expect(first.getByRole("cell").nth(2)).toContainText("1 · 0 · 0 · 2 · 2");
  await expect(page.getByText("Godt at høre andre forældre.")).toBeVisible();
  await page.screenshot({ path: "test-results/evaluation-staff-1280.png", fullPage: true });

  // the code card prints on its own
  await page.getByRole("link", { name: "Print koden" }).first().click();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".evaluation-code")).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "Resultater" })).toBeHidden();
  await page.screenshot({ path: "test-results/evaluation-print.png" });
  await page.emulateMedia({ media: "screen" });
});

test("the participant's page in English", async ({ browser, baseURL }) => {
  const seed = await models();
  const event = await seed.createEvent({ sessions: twoEvenings() });
  const staff = await seed.createUser({ role: "STAFF" });
  const evaluations = { ...(await import("~/models/questionnaires.server")), ...(await import("~/models/evaluation-answers.server")) };
  await evaluations.saveQuestionnaire({ actorId: staff.id, eventId: event.id, input: { statements: ["I know where to get help"], waves: ["START"], freeTextQuestion: null } });
  const r = await seed.createRegistration(event.id, { locale: "en" });
  const path = await evaluations.issueEvaluationLink(seed.db, r.registrationId);
  const context = await browser.newContext({ baseURL, locale: "en-GB", viewport: PHONE });
  try {
    const page = await context.newPage();
    await page.goto(path);
    await expect(page).toHaveTitle("Questionnaire — VINK");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("What do you think?");
    await axeClean(page);
    await page.getByRole("group", { name: "I know where to get help" }).getByRole("radio", { name: "Strongly agree" }).check();
    await page.getByRole("button", { name: "Send answer" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you for your answer");
  } finally {
    await context.close();
  }
});
