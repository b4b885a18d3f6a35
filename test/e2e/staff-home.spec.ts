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
  await expect(row).toContainText("0 / 12");
  await page.getByRole("link", { name: /Ansøgninger til medborgerforum, der venter på behandling: \d+/ }).click();
  await expect(page).toHaveURL(/\/staff\/forum\?state=PENDING$/);
  await expect(page.getByRole("link", { name: "Foreningen Bydelsmødre Nord" })).toBeVisible();
});
