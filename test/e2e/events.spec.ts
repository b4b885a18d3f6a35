import type { Page } from "@playwright/test";
import { DateTime } from "luxon";
import type { Received, TestSmtp } from "../support/smtp";
import { calendarOf } from "../events/helpers";
import { expect, models, signIn, test } from "./fixtures";

/** Four Tuesday evenings from about five weeks ahead, 17:00–19:00 Copenhagen time. */
function courseDates() {
  let d = DateTime.now().setZone("Europe/Copenhagen").plus({ days: 35 }).startOf("day");
  while (d.weekday !== 2) d = d.plus({ days: 1 });
  return [0, 1, 2, 3].map((w) => d.plus({ weeks: w }).toFormat("yyyy-MM-dd"));
}

const linkIn = (m: Received, pattern: RegExp) => {
  const found = pattern.exec(m.mail.text ?? "");
  if (!found) throw new Error(`No link ${pattern} in mail "${m.mail.subject}"`);
  return new URL(found[0]).pathname;
};

async function signUp(page: Page, person: { name: string; email: string; group?: string; companion?: string }) {
  await page.getByLabel("Dit navn").fill(person.name);
  await page.getByLabel("Din e-mail").fill(person.email);
  if (person.group) {
    await page.getByLabel(person.group, { exact: true }).check();
    await page.getByLabel("Navn på person 2").fill(person.companion ?? "");
  }
  await page.getByRole("button", { name: /Tilmeld|Skriv mig på ventelisten/ }).click();
}

async function mailFor(mail: TestSmtp, to: string, subject: RegExp) {
  const found = await mail.waitFor(1, (r) => r.envelope.to.includes(to) && subject.test(r.mail.subject ?? ""));
  const last = found.at(-1)!;
  expect(last.envelope.to).toEqual([to]);
  return last;
}

test("staff publish a four-session course; relatives sign up, wait, take a freed place; changes and the cancellation reach every calendar", async ({
  page,
  browser,
  mail,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF", name: "Sara Medarbejder" });
  const dates = courseDates();
  const title = `Forældrekursus ${Date.now().toString(36)}`;

  // Staff create the course with 3 places and publish it.
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto("/staff/events");
  await page.getByRole("link", { name: "Opret arrangement" }).click();
  await page.locator("#field-kind").selectOption("COURSE_PARENTS");
  await page.locator("#field-title").fill(title);
  await page.locator("#field-summary").fill("Fire aftener for forældre, der er bekymrede for et ungt menneske.");
  await page.locator("#field-placeAddress").fill("Rådhuspladsen 1, 1550 København V");
  await page.locator("#field-capacity").fill("3");
  for (const [i, date] of dates.entries()) {
    await page.locator(`#session-${i}-date`).fill(date);
    await page.locator(`#session-${i}-start`).fill("17:00");
    await page.locator(`#session-${i}-end`).fill("19:00");
  }
  await page.getByRole("button", { name: "Gem" }).click();
  await expect(page.getByRole("status")).toContainText("oprettet som kladde");
  await page.getByRole("button", { name: "Offentliggør" }).click();
  await expect(page.getByRole("status")).toContainText("offentliggjort");
  const eventId = new URL(page.url()).pathname.split("/").at(-1)!;
  await page.getByRole("button", { name: "Log ud" }).click();

  // A relative finds it on /events and signs up.
  await page.goto("/events?view=courses");
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await signUp(page, { name: "Anna Andersen", email: "anna@example.dk" });
  // the confirmation is a page of its own behind the private link, with the calendar
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du er tilmeldt");
  await expect(page.getByRole("link", { name: "Hent kalenderfil (.ics)" })).toHaveAttribute("href", /^\/registrations\/[A-Za-z0-9_-]+\/calendar\.ics$/);
  await expect(page.getByRole("link", { name: "Tilføj til Google Kalender" }).first()).toHaveAttribute("href", /calendar\.google\.com/);
  const annaMail = await mailFor(mail, "anna@example.dk", /Du er tilmeldt/);
  expect(annaMail.mail.subject).toBe("Arrangement — VINK: Du er tilmeldt");
  const annaCal = calendarOf(annaMail);
  expect(annaCal.mime).toBe("REQUEST");
  expect(annaCal.cal!.method).toBe("REQUEST");
  expect(annaCal.cal!.events).toHaveLength(4);
  expect(annaCal.cal!.events.map((e) => DateTime.fromJSDate(e.start).setZone("Europe/Copenhagen").toFormat("yyyy-MM-dd HH:mm"))).toEqual(
    dates.map((d) => `${d} 17:00`),
  );
  expect(annaCal.cal!.events[0]!.attendees).toEqual([expect.objectContaining({ value: "mailto:anna@example.dk" })]);

  // The course fills: two parents on a phone, without JavaScript.
  const phone = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: { width: 375, height: 740 }, locale: "da-DK" });
  const phonePage = await phone.newPage();
  await phonePage.goto(`/events/${eventId}`);
  await signUp(phonePage, { name: "Bo Berg", email: "bo@example.dk", group: "2 personer", companion: "Bente Berg" });
  await expect(phonePage.getByRole("heading", { level: 1 })).toHaveText("Du er tilmeldt");
  await phone.close();
  await mailFor(mail, "bo@example.dk", /Du er tilmeldt/);

  // The next person lands on the waitlist.
  await page.goto(`/events/${eventId}`);
  await expect(page.getByText("Kun venteliste")).toBeVisible();
  await signUp(page, { name: "Cecilie Clausen", email: "cecilie@example.dk" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du er på ventelisten som nr. 1");
  const cecilieWaiting = await mailFor(mail, "cecilie@example.dk", /ventelisten/);
  expect(calendarOf(cecilieWaiting).cal).toBeNull();

  // Anna cancels through her private link; Cecilie is offered the place and accepts.
  await page.goto(linkIn(annaMail, /https?:\/\/\S+\/registrations\/[A-Za-z0-9_-]+/));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du er tilmeldt");
  await page.getByRole("button", { name: "Afmeld min tilmelding" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Er du sikker?");
  await page.getByRole("button", { name: "Ja, afmeld" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du er afmeldt");
  const annaCancel = await mailFor(mail, "anna@example.dk", /Du er afmeldt/);
  expect(calendarOf(annaCancel).mime).toBe("CANCEL");
  const offer = await mailFor(mail, "cecilie@example.dk", /Der er en plads til dig/);
  await page.goto(linkIn(offer, /https?:\/\/\S+\/registrations\/offer\/[A-Za-z0-9_-]+/));
  await page.getByRole("button", { name: "Ja tak, jeg tager pladsen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du er tilmeldt");
  const cecilieConfirmed = await mailFor(mail, "cecilie@example.dk", /Du er tilmeldt/);
  const before = calendarOf(cecilieConfirmed).cal!;

  // Staff move the second session: every participant receives one update.
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto(`/staff/events/${eventId}`);
  await expect(page.getByText("3 tilmeldt af 3 pladser · 0 på venteliste")).toBeVisible();
  await page.locator("#session-1-start").fill("18:00");
  await page.locator("#session-1-end").fill("20:00");
  await page.getByRole("button", { name: "Gem", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("2 deltagere har fået en opdatering");
  for (const to of ["bo@example.dk", "cecilie@example.dk"]) {
    const update = await mailFor(mail, to, /Ændring/);
    const { mime, cal } = calendarOf(update);
    expect(mime).toBe("REQUEST");
    expect(cal!.method).toBe("REQUEST");
    expect(cal!.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
    expect(cal!.events[0]!.sequence).toBeGreaterThan(before.events[0]!.sequence);
    expect(cal!.events[0]!.attendees).toEqual([expect.objectContaining({ value: `mailto:${to}` })]);
    expect(DateTime.fromJSDate(cal!.events[1]!.start).setZone("Europe/Copenhagen").toFormat("HH:mm")).toBe("18:00");
  }
  expect(mail.to("anna@example.dk").filter((m) => /Ændring/.test(m.mail.subject ?? ""))).toHaveLength(0);

  // The participant list shows everyone, with answers; the CSV is for Danish Excel.
  await page.getByRole("link", { name: "Deltagerliste" }).click();
  await expect(page.getByRole("cell", { name: "Bo Berg, Bente Berg" })).toBeVisible();
  const csv = await page.request.get(`/staff/events/${eventId}/participants.csv`);
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString("utf8")).toContain("Status;Navn;Personer;E-mail");

  // Staff cancel: everyone registered receives the cancellation.
  await page.goto(`/staff/events/${eventId}`);
  await page.getByLabel("Besked til deltagerne").fill("Underviseren er desværre syg.");
  await page.getByRole("button", { name: "Aflys og send besked" }).click();
  await expect(page.getByRole("status")).toContainText("aflyst");
  for (const to of ["bo@example.dk", "cecilie@example.dk"]) {
    const cancel = await mailFor(mail, to, /Aflyst/);
    const { mime, cal } = calendarOf(cancel);
    expect(mime).toBe("CANCEL");
    expect(cal!.method).toBe("CANCEL");
    expect(cal!.events.every((e) => e.status === "CANCELLED")).toBe(true);
    expect(cal!.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
    expect(cal!.events[0]!.sequence).toBeGreaterThan(before.events[0]!.sequence + 1);
    expect(cancel.mail.text).toContain("Underviseren er desværre syg.");
  }
});

test("the public list filters, offers the feed, and refuses or escapes hostile input", async ({ page, request, baseURL }) => {
  const { createEvent } = await models();
  const hostile = await createEvent({ kind: "THEME_DAY", audience: "FRONTLINE", title: "Temadag <script>alert(1)</script>", capacity: null });
  await createEvent({ kind: "OPEN_HEARING", audience: "EVERYONE", title: "Åben høring om forebyggelse" });
  await page.goto("/events");
  await page.getByLabel("Type").selectOption("THEME_DAY");
  await page.getByRole("button", { name: "Vis arrangementer" }).click();
  await expect(page).toHaveURL(/kind=THEME_DAY/);
  await expect(page.getByRole("link", { name: "Temadag <script>alert(1)</script>" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Åben høring om forebyggelse" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /webcal/ })).toHaveAttribute("href", /^webcal:\/\/.+\/calendar\.ics$/);

  const feed = await request.get("/calendar.ics");
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const text = await feed.text();
  expect(text).not.toContain("ATTENDEE");
  expect(text).not.toContain("<script>"); // the real title never goes into a calendar file

  // Hostile sign-up: markup and line breaks in the name are refused beside the field, input kept.
  await page.goto(`/events/${hostile.id}`);
  await page.getByLabel("Dit navn").fill("<b>Eve</b>");
  await page.getByLabel("Din e-mail").fill("eve@example.dk\r\nBcc: spy@example.com");
  await page.getByRole("button", { name: "Tilmeld" }).click();
  await expect(page.getByRole("alert")).toContainText("Der er problemer");
  await expect(page.getByText("Skriv dit navn uden tegnene < og >").first()).toBeVisible();
  await expect(page.getByLabel("Dit navn")).toHaveValue("<b>Eve</b>");
  const huge = await request.post(`/events/${hostile.id}`, {
    headers: { Origin: baseURL! },
    form: { intent: "signup", name: "x".repeat(100_000), email: "big@example.dk", groupSize: "1" },
  });
  expect(huge.status()).toBe(400);
});

test("a relative changes answers through the private link; staff take attendance on a phone", async ({ page }) => {
  const { createEvent, createRegistration, createUser, DEFAULT_PASSWORD } = await models();
  const event = await createEvent({ capacity: 5, questions: ["relation", "comment"] });
  const r = await createRegistration(event.id, { name: "Dorte Dam", answers: { relation: "parent" } });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`/registrations/${r.token}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du er tilmeldt");
  await expect(page.getByLabel("Din relation til den unge")).toHaveValue("parent");
  await page.getByLabel("Din relation til den unge").selectOption("sibling");
  await page.getByLabel("Kommentar").fill("Jeg kommer lidt senere den første aften.");
  await page.getByRole("button", { name: "Gem ændringer" }).click();
  await expect(page.getByRole("status")).toContainText("Dine ændringer er gemt");
  await expect(page.getByLabel("Din relation til den unge")).toHaveValue("sibling");

  const staff = await createUser({ role: "STAFF" });
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto(`/staff/events/${event.id}/participants`);
  await expect(page.getByText("Jeg kommer lidt senere den første aften.")).toBeVisible();
  await expect(page.getByText("Søskende")).toBeVisible();
  await page.goto(`/staff/events/${event.id}/attendance`);
  await page.getByLabel("Dorte Dam (1)").check();
  await page.getByRole("button", { name: "Gem fremmøde" }).click();
  await expect(page.getByRole("status")).toContainText("Fremmødet er gemt");
  await expect(page.getByLabel("Dorte Dam (1)")).toBeChecked();
});

test("a forum member registers a contact person for a members-only meeting with one click", async ({ page, mail }) => {
  const { createEvent, createActiveMember, DEFAULT_PASSWORD } = await models();
  const event = await createEvent({ kind: "FORUM_MEETING", audience: "FORUM_MEMBERS", visibility: "MEMBERS", title: "Møde i Medborgerforum (e2e)" });
  const member = await createActiveMember({ name: "Mona Medlem", email: "mona@forening.example.dk" });
  await page.goto(`/events/${event.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Siden findes ikke"); // members only: not even its title
  await signIn(page, member.email, DEFAULT_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto(`/events/${event.id}`);
  await page.getByRole("button", { name: "Tilmeld Mona Medlem" }).click();
  await expect(page.getByRole("status")).toContainText("Mona Medlem er tilmeldt");
  await expect(page.getByText("Mona Medlem: Tilmeldt")).toBeVisible();
  const confirmation = await mail.waitFor(1, (r) => r.envelope.to.includes("mona@forening.example.dk") && /Du er tilmeldt/.test(r.mail.subject ?? ""));
  expect(calendarOf(confirmation.at(-1)!).mime).toBe("REQUEST");
});
