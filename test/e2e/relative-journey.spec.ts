import type { Page } from "@playwright/test";
import { parseCalendar } from "../events/helpers";
import { expect, models, test } from "./fixtures";

/**
 * The relative's path on a phone, in Danish: the course page shows what, when, where and "Tilmeld" on the first screen;
 * the form asks only for what is needed and says what to do when something is missing; the confirmation is a page of
 * its own behind the private link; cancelling asks once more and can be undone. With and without JavaScript.
 */
const PHONE = { width: 390, height: 844 };

/** Four Tuesday evenings from about five weeks ahead. */
function fourEvenings(): [Date, Date][] {
  const first = new Date(Date.now() + 35 * 86_400_000);
  first.setUTCHours(16, 0, 0, 0);
  return [0, 1, 2, 3].map((w) => {
    const start = new Date(first.getTime() + w * 7 * 86_400_000);
    return [start, new Date(start.getTime() + 2.5 * 3600_000)];
  });
}

const longDescription = Array.from({ length: 8 }, () => "Vi taler om tegn på mistrivsel, om hvordan du holder samtalen i gang, og om hvor du kan få hjælp.").join("\n\n");

async function course(capacity = 10) {
  const { createEvent } = await models();
  return createEvent({
    capacity,
    title: `Kursus for forældre: Når du er bekymret for dit barn ${Date.now().toString(36)}`,
    description: longDescription,
    placeRoom: "Mødelokale 3, 2. sal",
    sessions: fourEvenings(),
    questions: ["relation", "language", "interpreter", "needs", "comment"],
  });
}

async function heading(page: Page) {
  return page.getByRole("heading", { level: 1 });
}

test.describe("on a 390×844 phone", () => {
  test.use({ viewport: PHONE });

  test("course page → form → error → confirmation → reload → cancel with a second question → sign up again", async ({ page, mail }) => {
    const event = await course();
    await page.goto(`/events/${event.id}`);

    // What, when, where, places and the sign-up action on the first screen.
    await expect(await heading(page)).toHaveText(event.title);
    const facts = page.locator(".event-facts");
    await expect(facts).toContainText("Hvornår");
    await expect(facts).toContainText("4 mødegange i alt");
    await expect(facts).toContainText("Rådhuspladsen 1");
    await expect(facts).toContainText("Ledige pladser");
    const jump = page.getByRole("link", { name: "Tilmeld", exact: true });
    const box = (await jump.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    // The calendar belongs to the confirmation, not to a page where one has not signed up yet.
    await expect(page.getByRole("link", { name: /Google Kalender|Outlook|kalenderfil/ })).toHaveCount(0);
    // The form comes before the long description.
    const formTop = (await page.getByLabel("Dit navn").boundingBox())!.y;
    const aboutTop = (await page.getByRole("heading", { name: "Om arrangementet" }).boundingBox())!.y;
    expect(formTop).toBeLessThan(aboutTop);

    await jump.click();
    await expect(page).toHaveURL(/#signup$/);

    // Person 2 and 3 only when chosen.
    const person2 = page.getByLabel("Navn på person 2");
    const person3 = page.getByLabel("Navn på person 3");
    await expect(page.getByLabel("Kun mig")).toBeChecked();
    await expect(person2).toBeHidden();
    await expect(person3).toBeHidden();
    await page.getByLabel("2 personer").check();
    await expect(person2).toBeVisible();
    await expect(person3).toBeHidden();
    await page.getByLabel("3 personer").check();
    await expect(person3).toBeVisible();
    await page.getByLabel("2 personer").check();
    await expect(person3).toBeHidden();

    // Submitting empty: the error summary takes the focus, each message says what to do.
    await page.getByRole("button", { name: "Tilmeld", exact: true }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Der er problemer" });
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("Skriv dit navn");
    await expect(summary).toContainText("Skriv din e-mailadresse, fx navn@eksempel.dk");
    await expect(summary).toContainText("Skriv navnet på person 2");
    await expect(summary).not.toContainText("Udfyld feltet");
    // a link in the summary takes you to its field
    await summary.getByRole("link", { name: "Skriv din e-mailadresse, fx navn@eksempel.dk" }).click();
    await expect(page.getByLabel("Din e-mail")).toBeFocused();

    // Input is kept after an error; "Kun mig" neither stores nor shows what was typed for person 2.
    await page.getByLabel("Dit navn").fill("Mette Hansen");
    await person2.fill("Skjult Person");
    await page.getByRole("button", { name: "Tilmeld", exact: true }).click();
    await expect(summary).toBeFocused();
    await expect(summary).not.toContainText("Skriv dit navn");
    await expect(page.getByLabel("Dit navn")).toHaveValue("Mette Hansen");
    await expect(person2).toHaveValue("Skjult Person");
    await page.getByLabel("Din e-mail").fill("mette.hansen@example.dk");
    await page.getByLabel("Kun mig").check();
    await expect(person2).toBeHidden();
    await page.getByRole("button", { name: "Tilmeld", exact: true }).click();

    // A confirmation of its own, behind the private link, focus at its heading.
    await expect(page).toHaveURL(/\/registrations\/[A-Za-z0-9_-]{20,}#registration-status$/);
    await expect(await heading(page)).toHaveText("Du er tilmeldt");
    await expect(await heading(page)).toBeFocused();
    const confirmation = page.url();
    await expect(page.locator(".event-facts")).toContainText(event.title);
    await expect(page.locator(".event-facts")).toContainText("Mette Hansen");
    await expect(page.getByText("Skjult Person")).toHaveCount(0);
    await expect(page.getByText("mette.hansen@example.dk")).toBeVisible();

    // The calendar is here: Google/Outlook per session and the person's own .ics.
    await expect(page.getByRole("link", { name: "Tilføj til Google Kalender" })).toHaveCount(4);
    await expect(page.getByRole("link", { name: "Tilføj til Outlook" })).toHaveCount(4);
    const ics = page.getByRole("link", { name: "Hent kalenderfil (.ics)" });
    const icsPath = `${new URL(confirmation).pathname}/calendar.ics`;
    await expect(ics).toHaveAttribute("href", icsPath);
    const file = await page.request.get(icsPath);
    expect(file.headers()["content-type"]).toContain("text/calendar");
    expect(file.headers()["cache-control"]).toBe("no-store");
    const cal = parseCalendar(await file.text());
    expect(cal.events).toHaveLength(4);
    expect(cal.events[0]!.attendees).toEqual([expect.objectContaining({ value: "mailto:mette.hansen@example.dk" })]);
    expect(cal.events.every((e) => !e.summary.includes("forældre"))).toBe(true);

    // The same after a reload: the state comes from the database.
    await page.reload();
    await expect(await heading(page)).toHaveText("Du er tilmeldt");
    await mail.waitFor(1, (r) => r.envelope.to.includes("mette.hansen@example.dk") && /Du er tilmeldt/.test(r.mail.subject ?? ""));

    // Cancelling asks once more; "no" keeps the place.
    await page.getByRole("button", { name: "Afmeld min tilmelding" }).click();
    await expect(await heading(page)).toHaveText("Er du sikker?");
    await expect(await heading(page)).toBeFocused();
    await expect(page.getByText("pladsen går videre til den næste på ventelisten")).toBeVisible();
    await page.getByRole("link", { name: "Nej, behold min plads" }).click();
    await expect(await heading(page)).toHaveText("Du er tilmeldt");
    await page.getByRole("button", { name: "Afmeld min tilmelding" }).click();
    await page.getByRole("button", { name: "Ja, afmeld" }).click();
    await expect(await heading(page)).toHaveText("Du er afmeldt");
    await expect(await heading(page)).toBeFocused();
    await expect(page.getByRole("link", { name: "Hent kalenderfil (.ics)" })).toHaveCount(0);
    expect((await page.request.get(icsPath)).status()).toBe(404);
    await mail.waitFor(1, (r) => r.envelope.to.includes("mette.hansen@example.dk") && /afmeldt/.test(r.mail.subject ?? ""));
    await page.reload();
    await expect(await heading(page)).toHaveText("Du er afmeldt");

    // ...and can be undone while there is room.
    await expect(page.getByText("Der er stadig plads")).toBeVisible();
    await page.getByRole("button", { name: "Tilmeld mig igen" }).click();
    await expect(await heading(page)).toHaveText("Du er tilmeldt");
    await expect(await heading(page)).toBeFocused();
    expect(page.url()).not.toBe(confirmation);
    await expect(page).toHaveURL(/\/registrations\/[A-Za-z0-9_-]{20,}#registration-status$/);
    const confirmations = await mail.waitFor(2, (r) => r.envelope.to.includes("mette.hansen@example.dk") && /Du er tilmeldt/.test(r.mail.subject ?? ""));
    expect(confirmations).toHaveLength(2);
  });

  test("a waitlist offer gives its deadline in words; saying no asks once more and passes the place on; yes lands on the confirmation", async ({ page, mail }) => {
    const event = await course(1);
    const { createRegistration } = await models();
    const { cancelRegistration } = await import("~/models/registrations.server");
    const first = await createRegistration(event.id, { name: "Lars Holm", email: "lars.holm@example.dk" });
    const second = await createRegistration(event.id, { name: "Sara Aziz", email: "sara.aziz@example.dk" });
    await createRegistration(event.id, { name: "Peter Møller", email: "peter.moller@example.dk" });
    expect(second.status).toBe("WAITLISTED");
    const offerLink = async (to: string) => {
      const [offer] = await mail.waitFor(1, (r) => r.envelope.to.includes(to) && /Der er en plads til dig/.test(r.mail.subject ?? ""));
      return /https?:\/\/\S+\/registrations\/offer\/[A-Za-z0-9_-]+/.exec(offer!.mail.text ?? "")![0];
    };
    await cancelRegistration(first.token);

    // Sara: the offer, the deadline as weekday, date and time; "no" first asks
    const sara = await offerLink("sara.aziz@example.dk");
    await page.goto(sara);
    await expect(await heading(page)).toHaveText("Der er en plads til dig");
    await expect(page.locator(".font-lead")).toContainText(/(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) den \d+\. \p{L}+ \d{4} kl\. \d{2}\.\d{2}/u);
    await page.getByRole("button", { name: "Nej tak, giv pladsen videre" }).click();
    await expect(await heading(page)).toHaveText("Er du sikker?");
    await expect(await heading(page)).toBeFocused();
    await expect(page.getByText("mister din plads i køen")).toBeVisible();
    await page.getByRole("link", { name: "Nej, tilbage til tilbuddet" }).click();
    await expect(await heading(page)).toHaveText("Der er en plads til dig");
    await page.getByRole("button", { name: "Nej tak, giv pladsen videre" }).click();
    await page.getByRole("button", { name: "Ja, giv pladsen videre" }).click();
    await expect(await heading(page)).toHaveText("Tak for besked");
    await expect(await heading(page)).toBeFocused();

    // the place passed on to Peter, who takes it and lands on the confirmation
    const peter = await offerLink("peter.moller@example.dk");
    await page.goto(peter);
    await page.getByRole("button", { name: "Ja tak, jeg tager pladsen" }).click();
    await expect(page).toHaveURL(/\/registrations\/[A-Za-z0-9_-]+#registration-status$/);
    await expect(await heading(page)).toHaveText("Du er tilmeldt");
    await expect(await heading(page)).toBeFocused();
    // an answered offer says so, and a reload of Sara's says the same
    await page.goto(peter);
    await expect(await heading(page)).toHaveText("Tilbuddet gælder ikke længere");
    await page.goto(sara);
    await expect(await heading(page)).toHaveText("Tilbuddet gælder ikke længere");
  });

  test("a full course puts the relative on the waitlist, and the heading says which number", async ({ page }) => {
    const event = await course(1);
    const { createRegistration } = await models();
    await createRegistration(event.id);
    await page.goto(`/events/${event.id}`);
    const jump = page.getByRole("link", { name: "Skriv mig på ventelisten" });
    expect(((await jump.boundingBox())!.y) + ((await jump.boundingBox())!.height)).toBeLessThanOrEqual(PHONE.height);
    await page.getByLabel("Dit navn").fill("Fatima Ali");
    await page.getByLabel("Din e-mail").fill("fatima.ali@example.dk");
    await page.getByRole("button", { name: "Skriv mig på ventelisten" }).click();
    await expect(await heading(page)).toHaveText("Du er på ventelisten som nr. 1");
    await expect(await heading(page)).toBeFocused();
    await expect(page.getByRole("link", { name: "Hent kalenderfil (.ics)" })).toHaveCount(0);
    await page.reload();
    await expect(await heading(page)).toHaveText("Du er på ventelisten som nr. 1");
    await page.getByRole("button", { name: "Afmeld min tilmelding" }).click();
    await expect(page.getByRole("link", { name: "Nej, bliv på ventelisten" })).toBeVisible();
    await expect(page.getByText("forlader du ventelisten")).toBeVisible();
  });
});

test("without JavaScript: the same path, person 2 and 3 shown with a hint, the cancel asked on a page of its own", async ({ browser, baseURL, mail }) => {
  const event = await course();
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: PHONE, locale: "da-DK" });
  const page = await context.newPage();
  await page.goto(`/events/${event.id}`);
  const jump = page.getByRole("link", { name: "Tilmeld", exact: true });
  expect(((await jump.boundingBox())!.y) + ((await jump.boundingBox())!.height)).toBeLessThanOrEqual(PHONE.height);

  const person2 = page.getByLabel("Navn på person 2");
  await expect(person2).toBeVisible();
  await expect(page.getByLabel("Navn på person 3")).toBeVisible();
  await expect(page.getByText("Udfyld kun, hvis I kommer flere.").first()).toBeVisible();

  // An empty submit answers with the summary and the specific messages; what was typed stays.
  await person2.fill("Skjult Person");
  await page.getByRole("button", { name: "Tilmeld", exact: true }).click();
  const summary = page.getByRole("alert").filter({ hasText: "Der er problemer" });
  await expect(summary).toContainText("Skriv dit navn");
  await expect(summary).toContainText("Skriv din e-mailadresse");
  await expect(summary).not.toContainText("person 2"); // "Kun mig": person 2's field is not asked for
  await expect(person2).toHaveValue("Skjult Person");

  await page.getByLabel("Dit navn").fill("Jens Nielsen");
  await page.getByLabel("Din e-mail").fill("jens.nielsen@example.dk");
  await page.getByRole("button", { name: "Tilmeld", exact: true }).click();
  await expect(page).toHaveURL(/\/registrations\/[A-Za-z0-9_-]{20,}#registration-status$/);
  await expect(await heading(page)).toHaveText("Du er tilmeldt");
  await expect(page.locator(".event-facts")).toContainText("Jens Nielsen");
  await expect(page.getByText("Skjult Person")).toHaveCount(0);
  const first = page.url();

  await page.getByRole("button", { name: "Afmeld min tilmelding" }).click();
  await expect(page).toHaveURL(/\?step=cancel$/);
  await expect(await heading(page)).toHaveText("Er du sikker?");
  await page.getByRole("button", { name: "Ja, afmeld" }).click();
  await expect(await heading(page)).toHaveText("Du er afmeldt");
  await page.getByRole("button", { name: "Tilmeld mig igen" }).click();
  await expect(await heading(page)).toHaveText("Du er tilmeldt");
  expect(page.url()).not.toBe(first);

  // A relative who cancelled may also sign up again from the event page, with the same address.
  await page.getByRole("button", { name: "Afmeld min tilmelding" }).click();
  await page.getByRole("button", { name: "Ja, afmeld" }).click();
  await expect(await heading(page)).toHaveText("Du er afmeldt");
  await page.goto(`/events/${event.id}`);
  await page.getByLabel("Dit navn").fill("Jens Nielsen");
  await page.getByLabel("Din e-mail").fill("jens.nielsen@example.dk");
  await page.getByRole("button", { name: "Tilmeld", exact: true }).click();
  await expect(await heading(page)).toHaveText("Du er tilmeldt");
  await mail.waitFor(3, (r) => r.envelope.to.includes("jens.nielsen@example.dk") && /Du er tilmeldt/.test(r.mail.subject ?? ""));
  await context.close();
});

test("a bot that fills the hidden field is answered like a person, and nothing is stored", async ({ request, baseURL }) => {
  const event = await course();
  const { db } = await models();
  const answer = await request.post(`/events/${event.id}`, {
    headers: { Origin: baseURL! },
    form: { intent: "signup", name: "Spam Bot", email: "bot@example.dk", groupSize: "1", website: "http://spam.example" },
    maxRedirects: 0,
  });
  expect(answer.status()).toBe(303);
  // the event's public address (a course is discreet: its short id), whatever address the bot posted to
  expect(answer.headers().location).toBe(`/events/${event.shortId}`);
  // the thanks rides in the flash cookie the request context keeps, once: the page cache passes it by
  const thanks = await request.get(answer.headers().location!);
  expect(await thanks.text()).toContain("Tak for din tilmelding");
  expect(await (await request.get(answer.headers().location!)).text()).not.toContain("Tak for din tilmelding");
  expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);
});
