import { expect, models, signIn, test } from "./fixtures";

/**
 * An error inside an area keeps the area's frame: a page that does not exist under /staff or /member, and a page
 * whose loader answers 404 (an unknown event), show the human error page beside the area's menu, with status 404.
 */
test("a missing page or event under /staff shows the 404 page inside the staff frame", async ({ page }) => {
  const seed = await models();
  const staff = await seed.createUser({ role: "STAFF" });
  await signIn(page, staff.email, seed.DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);

  for (const path of ["/staff/does-not-exist", "/staff/events/no-such-event"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Siden findes ikke");
    const menu = page.getByRole("navigation", { name: "Medarbejdermenu" });
    await expect(menu).toBeVisible();
    await expect(menu.getByRole("link", { name: "Arrangementer" })).toBeVisible();
    await expect(page).toHaveTitle("Siden findes ikke — VINK");
  }
  // the menu still works from the error page
  await page.getByRole("navigation", { name: "Medarbejdermenu" }).getByRole("link", { name: "Arrangementer" }).click();
  await expect(page).toHaveURL(/\/staff\/events$/);
});

test("a missing page under /member shows the 404 page inside the member frame", async ({ page }) => {
  const seed = await models();
  const member = await seed.createActiveMember();
  await signIn(page, member.email, seed.DEFAULT_PASSWORD);
  const res = await page.goto("/member/does-not-exist");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Siden findes ikke");
  await expect(page.getByRole("navigation", { name: "Menu for Min organisation" })).toBeVisible();
});

test("a missing page under /staff asks an anonymous visitor to sign in, like every staff page", async ({ page }) => {
  await page.goto("/staff/does-not-exist");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstaff%2Fdoes-not-exist$/);
});
