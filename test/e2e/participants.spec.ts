import type { Browser, Page } from "@playwright/test";
import { expect, models, signIn, test } from "./fixtures";

/**
 * Issue 9 items 4-5, without JavaScript (every form a plain GET or POST): the participants page searched, filtered and
 * acted on in bulk with one confirmation naming the count; the side menu; a draft previewed as the public sees it.
 */
async function withoutScripts(
  browser: Browser,
  baseURL: string | undefined,
  run: (page: Page) => Promise<void>
) {
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: false,
  });
  try {
    await run(await context.newPage());
  } finally {
    await context.close();
  }
}

async function seedEvent(title: string) {
  const { createEvent, createRegistration, createUser, DEFAULT_PASSWORD } =
    await models();
  const staff = await createUser({ role: "STAFF" });
  const event = await createEvent({
    capacity: 3,
    waitlistEnabled: true,
    title,
    questions: ["comment"],
  });
  await createRegistration(event.id, {
    name: "Anna Andersen",
    email: "anna@example.dk",
    answers: { comment: "Jeg kommer med bus og går lidt før den sidste aften" },
  });
  await createRegistration(event.id, {
    name: "Bo Berg",
    email: "bo.berg.med.en.meget.lang.adresse@kommune-eksempel.example.dk",
  });
  await createRegistration(event.id, {
    name: "Cecilie Clausen",
    email: "cecilie@example.dk",
  });
  await createRegistration(event.id, {
    name: "Dorte Dam",
    email: "dorte@example.dk",
  });
  await createRegistration(event.id, {
    name: "Erik Eriksen",
    email: "erik@example.dk",
  });
  return { staff, event, password: DEFAULT_PASSWORD };
}

test("staff search, filter and act on many participants at once, with one confirmation naming the count", async ({
  page: axePage,
  browser,
  baseURL,
  mail,
}) => {
  const { staff, event, password } = await seedEvent("Kursus i bulk (e2e)");
  await withoutScripts(browser, baseURL, async (page) => {
    await signIn(page, staff.email, password);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/staff/events/${event.id}/participants`);

    // labelled counts, not "3 / 3 / 2"; the table fits 1280 px
    await expect(
      page.getByText("3 tilmeldt af 3 pladser · 2 på venteliste")
    ).toBeVisible();
    await expect(page.getByText("Tilmeldinger vist: 5 af 5")).toBeVisible();
    const widths = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      view: document.documentElement.clientWidth,
    }));
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    await page.screenshot({
      path: ".tmp/shots/participants-1280.png",
      fullPage: true,
    });

    // search by email part, then by name; filter by state
    await page.getByLabel("Søg på navn eller e-mail").fill("kommune-eksempel");
    await page.getByRole("button", { name: "Vis", exact: true }).click();
    await expect(page).toHaveURL(/q=kommune-eksempel/);
    await expect(page.getByText("Tilmeldinger vist: 1 af 5")).toBeVisible();
    await expect(
      page.getByRole("cell", { name: "Bo Berg", exact: true }).first()
    ).toBeVisible();
    await page.getByLabel("Søg på navn eller e-mail").fill("");
    await page.getByLabel("Status").selectOption({ label: "På venteliste" });
    await page.getByRole("button", { name: "Vis", exact: true }).click();
    await expect(page.getByText("Tilmeldinger vist: 2 af 5")).toBeVisible();
    await expect(
      page.getByRole("cell", { name: "Dorte Dam", exact: true }).first()
    ).toBeVisible();
    await expect(
      page.getByRole("cell", { name: "Anna Andersen", exact: true })
    ).toHaveCount(0);

    // nothing ticked: the error summary, the choice kept
    await page.getByLabel("Handling").selectOption({ label: "Afmeld" });
    await page.getByRole("button", { name: "Fortsæt" }).click();
    await expect(page.locator(".error-summary")).toContainText(
      "Vælg mindst én tilmelding"
    );

    // both waiting moved onto the list: a confirmation with the count, then the model's rules (mails, counts)
    await page.goto(`/staff/events/${event.id}/participants?state=WAITLISTED`);
    await page.getByLabel("Vælg Dorte Dam").check();
    await page.getByLabel("Vælg Erik Eriksen").check();
    await page
      .getByLabel("Handling")
      .selectOption({ label: "Flyt fra venteliste til tilmeldte" });
    await page.getByRole("button", { name: "Fortsæt" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Bekræft: Flyt fra venteliste til tilmeldte"
    );
    await expect(
      page.getByText("Valgt: 2. De flyttes fra ventelisten")
    ).toBeVisible();
    await page
      .getByRole("button", {
        name: "Ja, flyt fra venteliste til tilmeldte (2)",
      })
      .click();
    await expect(page.getByRole("status").first()).toContainText(
      "Opdaterede tilmeldinger: 2."
    );
    await expect(
      page.getByText("5 tilmeldt af 3 pladser · 0 på venteliste")
    ).toBeVisible();
    for (const to of ["dorte@example.dk", "erik@example.dk"])
      await mail.waitFor(
        1,
        (r) =>
          r.envelope.to.includes(to) &&
          /Du er tilmeldt/.test(r.mail.subject ?? "")
      );

    // cancel two, one of them already cancelled by then is impossible: tick three registered and cancel
    await page.goto(`/staff/events/${event.id}/participants`);
    for (const name of ["Anna Andersen", "Bo Berg", "Cecilie Clausen"])
      await page.getByLabel(`Vælg ${name}`).check();
    await page
      .getByLabel("Handling")
      .selectOption({ label: "Marker som mødt" });
    await page.getByRole("button", { name: "Fortsæt" }).click();
    await expect(
      page.getByText("Valgt: 3. De markeres som mødt")
    ).toBeVisible();
    await page
      .getByRole("button", { name: /^Ja, marker som mødt \(3\)$/ })
      .click();
    await expect(page.getByRole("status").first()).toContainText(
      "Opdaterede tilmeldinger: 3."
    );
    const { db } = await models();
    expect(
      await db.sessionAttendance.count({
        where: { registration: { eventId: event.id }, present: true },
      })
    ).toBe(3);
    expect(
      await db.auditLog.count({
        where: { action: "registration.bulk.attended", entityId: event.id },
      })
    ).toBe(1);

    await page.getByLabel("Vælg Anna Andersen").check();
    await page.getByLabel("Handling").selectOption({ label: "Afmeld" });
    await page.getByRole("button", { name: "Fortsæt" }).click();
    await page.getByRole("button", { name: "Ja, afmeld (1)" }).click();
    await expect(
      page.getByText("4 tilmeldt af 3 pladser · 0 på venteliste")
    ).toBeVisible();
    await mail.waitFor(
      1,
      (r) =>
        r.envelope.to.includes("anna@example.dk") &&
        /fmeld/i.test(r.mail.subject ?? "")
    );

    // the CSV writes the registration time as Excel reads it
    const csv = (
      await (
        await page.request.get(`/staff/events/${event.id}/participants.csv`)
      ).text()
    ).replace(/^\uFEFF/, "");
    expect(csv.split("\r\n")[1]).toMatch(/;\d{4}-\d\d-\d\d \d\d:\d\d;/);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/staff/events/${event.id}/participants`);
    const phone = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      view: document.documentElement.clientWidth,
    }));
    expect(phone.doc).toBeLessThanOrEqual(phone.view);
    await page.screenshot({
      path: ".tmp/shots/participants-390.png",
      fullPage: true,
    });
  });
  // the same pages with scripts, checked by axe (the fixture's page)
  await signIn(axePage, staff.email, password);
  await axePage.goto(`/staff/events/${event.id}/participants?q=a`);
  await axePage.getByLabel("Vælg Bo Berg").check();
  await axePage
    .getByLabel("Handling")
    .selectOption({ label: "Flyt til venteliste" });
  await axePage.getByRole("button", { name: "Fortsæt" }).click();
  await expect(
    axePage.getByText("Valgt: 1. De flyttes til ventelisten")
  ).toBeVisible();
});

test("the staff and member menus are DKFDS side navigation with the current page marked", async ({
  page,
}) => {
  const { createUser, createActiveMember, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF" });
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await page.goto("/staff/events");
  const nav = page.getByRole("navigation", { name: "Medarbejdermenu" });
  await expect(nav.locator("ul.sidemenu > li")).not.toHaveCount(0);
  await expect(nav.locator("li.active.current a.nav-link")).toHaveText(
    "Arrangementer"
  );
  await expect(nav.locator('a[aria-current="page"]')).toHaveText(
    "Arrangementer"
  );
  // the DKFDS rule: no bullets, a bar at the current page
  expect(
    await nav
      .locator("ul.sidemenu > li")
      .first()
      .evaluate((li) => getComputedStyle(li).listStyleType)
  ).toBe("none");
  expect(
    await nav
      .locator("li.active")
      .evaluate((li) => getComputedStyle(li).borderLeftWidth)
  ).toBe("4px");

  await page.context().clearCookies();
  const member = await createActiveMember({
    name: "Mona Medlem",
    email: "mona.sidenav@forening.example.dk",
  });
  await signIn(page, member.email, DEFAULT_PASSWORD);
  await page.goto("/member/profile");
  await expect(
    page.locator("nav ul.sidemenu li.active.current a.nav-link")
  ).toHaveCount(1);
  await expect(
    page.locator('nav ul.sidemenu a[aria-current="page"]')
  ).toHaveAttribute("href", "/member/profile");
});

test("a draft event is previewed as the public will see it, for staff only, never cached or indexed", async ({
  page,
}) => {
  const { createEvent, createUser, DEFAULT_PASSWORD } = await models();
  const draft = await createEvent({
    status: "DRAFT",
    title: "Kladde til forhåndsvisning (e2e)",
    summary: "Sådan ser det ud for pårørende.",
  });
  const anonymous = await page.request.get(
    `/staff/events/${draft.id}/preview`,
    { maxRedirects: 0 }
  );
  expect([302, 303]).toContain(anonymous.status());
  const staff = await createUser({ role: "STAFF" });
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await page.goto(`/staff/events/${draft.id}`);
  await page
    .getByRole("link", { name: "Forhåndsvis som offentligheden ser det" })
    .click();
  await expect(page).toHaveURL(
    new RegExp(`/staff/events/${draft.id}/preview$`)
  );
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Kladde til forhåndsvisning (e2e)"
  );
  await expect(page.getByText("Sådan ser det ud for pårørende.")).toBeVisible();
  await expect(
    page.getByText(/Forhåndsvisning: sådan ser siden ud/)
  ).toBeVisible();
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute(
    "content",
    /noindex/
  );
  const answer = await page.request.get(`/staff/events/${draft.id}/preview`);
  expect(answer.headers()["cache-control"]).toContain("no-store");
  expect(answer.headers()["x-robots-tag"]).toContain("noindex");
});

test("staff write to those waiting: preview, a count to confirm, one mail each, and the progress page", async ({
  page,
  browser,
  baseURL,
  mail,
}) => {
  const { staff, event, password } = await seedEvent("Kursus med besked (e2e)");
  await withoutScripts(browser, baseURL, async (page) => {
    await signIn(page, staff.email, password);
    await page.goto(`/staff/events/${event.id}`);
    await page.getByRole("link", { name: "Skriv til deltagerne" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Skriv til deltagerne"
    );
    // nothing written: the error summary names both fields
    await page.getByRole("button", { name: "Se forhåndsvisning" }).click();
    await expect(page.locator(".error-summary")).toContainText("Skriv et emne");
    await expect(page.locator(".error-summary")).toContainText(
      "Skriv beskeden på dansk"
    );

    await page.getByLabel("På venteliste (2)").check();
    await page.getByLabel("Emne").fill("Nyt om pladser");
    await page
      .getByLabel("Besked på dansk")
      .fill("Vi håber at kunne give jer en plads.");
    await page.getByRole("button", { name: "Se forhåndsvisning" }).click();
    await expect(
      page.getByText("Modtagere: 2. Hver får sin egen mail.")
    ).toBeVisible();
    await expect(page.getByTestId("mail-preview").first()).toContainText(
      "Vi håber at kunne give jer en plads."
    );
    await expect(page.getByLabel("Emne")).toHaveValue("Nyt om pladser");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: ".tmp/shots/messages-preview-1280.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: ".tmp/shots/messages-preview-390.png", fullPage: true });
    await page.getByRole("button", { name: "Send til modtagerne (2)" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Besked: Nyt om pladser"
    );
    await expect(page.getByRole("status").first()).toContainText(
      "Beskeden er sat i kø. Modtagere: 2."
    );
    for (const to of ["dorte@example.dk", "erik@example.dk"]) {
      const [m] = await mail.waitFor(
        1,
        (r) =>
          r.envelope.to.includes(to) &&
          /Nyt om pladser/.test(r.mail.subject ?? "")
      );
      expect(m!.envelope.to).toEqual([to]);
      expect(m!.mail.text).toContain("Vi håber at kunne give jer en plads.");
      expect(m!.raw).not.toMatch(/text\/calendar/);
    }
    expect(
      mail
        .to("anna@example.dk")
        .filter((r) => /Nyt om pladser/.test(r.mail.subject ?? ""))
    ).toEqual([]);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("progress-text")).toContainText(
        "2 sendt, 0 fejlet, 0 venter af 2. Færdig.",
        { timeout: 500 }
      );
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("cell", { name: "Sendt" })).toHaveCount(2);
    await page.screenshot({ path: ".tmp/shots/message-progress-390.png", fullPage: true });
  });
  // with scripts, for axe: the form, and the message page
  await signIn(page, staff.email, password);
  await page.goto(`/staff/events/${event.id}/messages`);
  await page.getByLabel("Emne").fill("Praktisk");
  await page.getByLabel("Besked på dansk").fill("Husk madpakke.");
  await page.getByLabel("Besked på engelsk").fill("Bring lunch.");
  await page.getByRole("button", { name: "Se forhåndsvisning" }).click();
  await expect(page.getByTestId("mail-preview")).toHaveCount(2);
  await page.reload();
  await page.getByRole("link", { name: /Nyt om pladser/ }).click();
  await expect(page.getByTestId("progress-text")).toContainText("Færdig.");
});
