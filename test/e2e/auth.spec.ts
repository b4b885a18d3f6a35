import { expect, models, signIn, test } from "./fixtures";

test("staff signs in, sees the staff area and signs out", async ({ page }) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF", name: "Sara Medarbejder" });
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Medarbejderområde");
  await page.getByRole("button", { name: "Log ud" }).click();
  await expect(page.getByRole("link", { name: "Log ind" })).toBeVisible();
  await page.goto("/staff");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstaff/);
});

test("a wrong password shows an error and keeps the email", async ({ page }) => {
  const { createUser } = await models();
  const staff = await createUser({ role: "STAFF" });
  await signIn(page, staff.email, "forkert adgangskode");
  await expect(page.getByRole("alert")).toContainText("E-mail eller adgangskode er forkert");
  await expect(page.getByLabel("E-mail")).toHaveValue(staff.email);
});

test("the language switch changes the page and is remembered", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "da");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Early prevention of radicalisation");
  await page.goto("/privacy");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "Dansk" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "da");
});
