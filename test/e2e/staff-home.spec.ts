import { expect, models, signIn, test } from "./fixtures";

test("staff home shows what needs a person: applications waiting, and the next events with their fill", async ({ page }) => {
  const { createEvent, createOrganisation, createUser, DEFAULT_PASSWORD } = await models();
  await createOrganisation({ state: "PENDING", name: "Foreningen Bydelsmødre Nord" });
  const start = new Date(Date.now() + 86_400_000);
  await createEvent({ title: "Temadag i morgen", capacity: 12, sessions: [[start, new Date(start.getTime() + 3 * 3600_000)]] });
  const staff = await createUser({ role: "STAFF" });
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);

  await expect(page.getByRole("heading", { level: 2, name: "Kræver handling" })).toBeVisible();
  const row = page.getByRole("row", { name: /Temadag i morgen/ });
  await expect(row).toContainText("0 tilmeldt af 12 pladser · 0 på venteliste");
  await page.getByRole("link", { name: /Ansøgninger til medborgerforum, der venter på behandling: \d+/ }).click();
  await expect(page).toHaveURL(/\/staff\/forum\?state=PENDING$/);
  await expect(page.getByRole("link", { name: "Foreningen Bydelsmødre Nord" })).toBeVisible();
});

test("staff see single messages that failed for good and send them again, without JavaScript too", async ({ browser, app }) => {
  const { createUser, db, DEFAULT_PASSWORD } = await models();
  const { queueEmail } = await import("~/lib/outbox.server");
  const { id } = await queueEmail(db, { kind: "registration-confirmation", dedupeKey: `e2e-failed-${Date.now()}`, to: "mor@example.dk", subject: "Tilmelding", html: "<p>x</p>", text: "x" });
  await db.emailOutbox.update({ where: { id }, data: { status: "FAILED", attempts: 12, lastError: "550 5.1.1 <mor@example.dk>: mailbox unavailable" } });
  const staff = await createUser({ role: "STAFF" });

  const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page.getByText(/Andre beskeder .* der ikke kunne leveres efter alle forsøg: \d+\./)).toBeVisible();
  await expect(page.getByText("Mailserverens seneste svar: 550 5.1.1 <mor@example.dk>: mailbox unavailable")).toBeVisible();
  await page.getByRole("button", { name: "Prøv at sende dem igen" }).click();
  await expect(page.getByRole("status")).toHaveText(/Sat i kø igen: \d+\./);
  await expect(page.getByRole("button", { name: "Prøv at sende dem igen" })).toHaveCount(0);
  expect((await db.emailOutbox.findUniqueOrThrow({ where: { id } })).status).not.toBe("FAILED");
  await context.close();
});
