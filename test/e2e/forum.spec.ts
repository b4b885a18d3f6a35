import type { Page } from "@playwright/test";
import type { TestSmtp } from "../support/smtp";
import { expect, models, signIn, test } from "./fixtures";

/** The forum in the browser, against the production build, a real database and a real SMTP server. */

async function ensureCharter() {
  const { db, createCharterVersion } = await models();
  return (await db.charterVersion.findFirst({ orderBy: { number: "desc" } })) ?? createCharterVersion();
}

/** Ticks a stand-alone checkbox the way a person does: the design system draws the box in its label. */
async function tick(page: Page, label: RegExp) {
  await page.locator("label", { hasText: label }).click();
  await expect(page.getByLabel(label)).toBeChecked();
}

const unique = () => Math.random().toString(36).slice(2, 8);

async function fillApplication(page: Page, o: { orgName: string; email: string; contactName: string }) {
  await page.goto("/forum");
  await page.getByRole("link", { name: "Ansøg om medlemskab" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ansøg om medlemskab af Medborgerforum");
  await page.getByLabel("Organisationens navn").fill(o.orgName);
  await page.getByLabel("CVR-nummer").fill("");
  await page.getByLabel("Adresse").fill("Blågårdsgade 3");
  await page.getByLabel("Postnummer").fill("2200");
  await page.getByLabel("By", { exact: true }).fill("København N");
  await page.getByLabel("Hjemmeside").fill("www.faellesskab.dk");
  await page.getByLabel("Nørrebro").check();
  await page.getByLabel("Bispebjerg").check();
  await page.getByLabel("Hvad laver organisationen, og for hvem?").fill("Lektiehjælp og fodbold for unge mellem 12 og 18 år.");
  await page.getByLabel("Navn", { exact: true }).fill(o.contactName);
  await page.getByLabel("Rolle i organisationen").fill("Formand");
  await page.getByLabel("E-mail").fill(o.email);
  await page.getByLabel("Telefon").fill("12 34 56 78");
  await page.getByLabel("Vælg en adgangskode").fill("en lang og god adgangskode");
  await tick(page, /tilslutter sig charteret/);
  await page.getByLabel("Underskrivers navn").fill(o.contactName);
  await page.getByLabel("Underskrivers titel").fill("Formand");
  await tick(page, /ret til at forpligte/);
}

async function applyAndConfirm(page: Page, mail: TestSmtp, o: { orgName: string; email: string; contactName: string }) {
  await fillApplication(page, o);
  await page.getByRole("button", { name: "Send ansøgning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tak. Bekræft nu din e-mail");
  const [confirmation] = await mail.waitFor(1, (r) => r.envelope.to.includes(o.email));
  expect(confirmation!.mail.subject).toBe("Bekræft din ansøgning til Medborgerforum");
  const link = confirmation!.mail.text!.match(/https?:\/\/\S+\/forum\/confirm\/[\w-]+/)![0];
  await page.goto(link);
  await expect(page.getByText(`ansøgningen fra ${o.orgName}`)).toBeVisible();
  await page.getByRole("button", { name: "Bekræft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tak, din e-mail er bekræftet");
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Log ud" }).click();
  await expect(page.getByRole("link", { name: "Log ind" })).toBeVisible();
}

async function staffOpensCase(page: Page, orgName: string, tab = "Afventer behandling") {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF" });
  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await page.getByRole("navigation", { name: "Medarbejdermenu" }).getByRole("link", { name: "Medborgerforum" }).click();
  await page.getByRole("link", { name: new RegExp(`^${tab}`) }).click();
  await page.getByRole("link", { name: orgName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Sag: ${orgName}`);
}

test("an organisation applies and signs, confirms by mail, staff approve, and the contact sees /member", async ({ page, mail }) => {
  await ensureCharter();
  const o = { orgName: `Foreningen Fællesskab ${unique()}`, email: `amira-${unique()}@example.dk`, contactName: "Amira Hansen" };
  await applyAndConfirm(page, mail, o);

  await staffOpensCase(page, o.orgName);
  await expect(page.getByText("Amira Hansen, Formand")).toBeVisible();
  await expect(page.getByText(/Version \d+, .* af Amira Hansen \(Formand\)/)).toBeVisible();
  await expect(page.getByText("E-mail bekræftet")).toBeVisible();
  await page.getByRole("button", { name: "Godkend" }).click();
  await expect(page.getByRole("status")).toHaveText("Sagen er opdateret.");
  await expect(page.getByText("Status: Godkendt")).toBeVisible();
  await signOut(page);

  const [approved] = await mail.waitFor(1, (r) => r.envelope.to.includes(o.email) && /Velkommen/.test(r.mail.subject ?? ""));
  expect(approved!.mail.subject).toBe(`Velkommen i Medborgerforum, ${o.orgName}`);
  await signIn(page, o.email, "en lang og god adgangskode");
  await expect(page).toHaveURL(/\/member$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(o.orgName);
  await expect(page.getByText(/Organisationen underskrev version \d+/)).toBeVisible();
  await expect(page.getByText("Nørrebro, Bispebjerg")).toBeVisible();
});

test("a rejection with a reason reaches the applicant", async ({ page, mail }) => {
  await ensureCharter();
  const o = { orgName: `Klubben ${unique()}`, email: `afvist-${unique()}@example.dk`, contactName: "Bo Jensen" };
  await applyAndConfirm(page, mail, o);
  await staffOpensCase(page, o.orgName);
  // the reason is required: an empty one comes back beside the field
  await page.getByRole("button", { name: "Afslå" }).click();
  await expect(page.getByRole("alert")).toContainText("Udfyld feltet");
  await page.getByRole("textbox", { name: "Begrundelse" }).fill("Organisationen arbejder ikke i København.");
  await page.getByRole("button", { name: "Afslå" }).click();
  await expect(page.getByText("Status: Afslået")).toBeVisible();
  const [rejected] = await mail.waitFor(1, (r) => r.envelope.to.includes(o.email) && /Svar på ansøgningen/.test(r.mail.subject ?? ""));
  expect(rejected!.mail.text).toContain("Organisationen arbejder ikke i København.");
});

test("staff ask for more information; the applicant corrects and resends; the case returns to review", async ({ page, mail }) => {
  await ensureCharter();
  const o = { orgName: `Netværket ${unique()}`, email: `info-${unique()}@example.dk`, contactName: "Cem Yilmaz" };
  await applyAndConfirm(page, mail, o);
  await staffOpensCase(page, o.orgName);
  await page.getByRole("textbox", { name: "Hvad mangler I at vide?" }).fill("Arbejder I også på Amager?");
  await page.getByRole("button", { name: "Bed om flere oplysninger" }).click();
  await expect(page.getByText("Status: Venter på ansøger")).toBeVisible();
  await signOut(page);

  const [asked] = await mail.waitFor(1, (r) => r.envelope.to.includes(o.email) && /mangler oplysninger/.test(r.mail.subject ?? ""));
  expect(asked!.mail.text).toContain("Arbejder I også på Amager?");
  await signIn(page, o.email, "en lang og god adgangskode");
  // not yet a member: signing in lands on the applicant's own page, and /member refuses with the way back to it
  await page.waitForURL(/\/forum\/application$/);
  await expect(page.getByText("Arbejder I også på Amager?")).toBeVisible();
  await page.goto("/member");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ingen adgang til medlemsområdet");
  await page.getByRole("link", { name: "Se jeres ansøgning" }).click();
  await expect(page.getByText("Arbejder I også på Amager?")).toBeVisible();
  // a bad postcode comes back beside the field with the rest kept
  await page.getByLabel("Postnummer").fill("12");
  await page.getByLabel("Amager Øst").check();
  await page.getByRole("button", { name: "Send ansøgningen igen" }).click();
  await expect(page.getByRole("alert")).toContainText("Skriv et dansk postnummer på 4 cifre");
  await expect(page.getByLabel("Amager Øst")).toBeChecked();
  await page.getByLabel("Postnummer").fill("2300");
  await page.getByRole("button", { name: "Send ansøgningen igen" }).click();
  await expect(page.getByText("Status: Afventer behandling")).toBeVisible();
  await signOut(page);

  await staffOpensCase(page, o.orgName);
  await expect(page.getByText("Ansøgning sendt igen")).toBeVisible();
  await expect(page.getByText(/Ændrede felter: .*Postnummer/)).toBeVisible();
});

test("a member invites a second contact, who chooses a password and signs in", async ({ page, mail }) => {
  const { createActiveMember, DEFAULT_PASSWORD } = await models();
  const member = await createActiveMember({ organisationName: `Foreningen ${unique()}` });
  await signIn(page, member.email, DEFAULT_PASSWORD);
  await page.getByRole("navigation", { name: "Menu for Min organisation" }).getByRole("link", { name: "Kontaktpersoner" }).click();
  const email = `jonas-${unique()}@example.dk`;
  await page.getByLabel("Navn", { exact: true }).fill("Jonas Berg");
  await page.getByLabel("Rolle i organisationen").fill("Kasserer");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Telefon").fill("87654321");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText("Invitationen er sendt.");
  await expect(page.getByText("Har ikke valgt adgangskode endnu")).toBeVisible();
  // another organisation's contact: the same request answers 404, and nothing is removed
  const other = await createActiveMember();
  const { db } = await models();
  const theirs = await db.organisationContact.findUniqueOrThrow({ where: { userId: other.id } });
  const refused = await page.request.post("/member/contacts", {
    form: { intent: "remove", contactId: theirs.id },
    headers: { Origin: new URL(page.url()).origin },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(404);
  expect(await db.organisationContact.count({ where: { id: theirs.id } })).toBe(1);
  await signOut(page);

  const [invite] = await mail.waitFor(1, (r) => r.envelope.to.includes(email));
  const link = invite!.mail.text!.match(/https?:\/\/\S+\/forum\/join\/[\w-]+/)![0];
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bliv kontaktperson for ${member.organisation.name}`);
  await page.getByLabel("Vælg en adgangskode").fill("jonas vælger en god kode");
  await page.getByRole("button", { name: "Gem adgangskode" }).click();
  await expect(page.getByText("Din adgangskode er gemt.")).toBeVisible();
  await signIn(page, email, "jonas vælger en god kode");
  await expect(page).toHaveURL(/\/member$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(member.organisation.name);
});

test("a member on an older charter version sees the banner and re-signs from /member", async ({ page }) => {
  const { createActiveMember, createCharterVersion, DEFAULT_PASSWORD } = await models();
  const member = await createActiveMember();
  const version = await createCharterVersion();
  await signIn(page, member.email, DEFAULT_PASSWORD);
  await expect(page.getByRole("region", { name: "Ny udgave af charteret" })).toBeVisible();
  await page.getByRole("link", { name: `Læs og underskriv version ${version.number}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Underskriv version ${version.number} af charteret`);
  await page.getByRole("button", { name: "Underskriv" }).click();
  await expect(page.getByRole("alert")).toContainText("Organisationen skal tilslutte sig charteret");
  await tick(page, /tilslutter sig charteret/);
  await page.getByLabel("Underskrivers titel").fill("Formand");
  await tick(page, /ret til at forpligte/);
  await page.getByRole("button", { name: "Underskriv" }).click();
  await expect(page.getByRole("status")).toHaveText("Tak. Underskriften er gemt.");
  await expect(page.getByRole("region", { name: "Ny udgave af charteret" })).toHaveCount(0);
});

test("hostile input in the application is refused beside the field or shown as text, and never breaks the page", async ({ page, mail }) => {
  await ensureCharter();
  const markup = `<script>alert(1)</script><b>Fed</b> ${unique()}`;
  const o = { orgName: markup, email: `hostile-${unique()}@example.dk`, contactName: "Dina Dahl" };
  await fillApplication(page, o);
  await page.getByLabel("Underskrivers navn").fill("Navn\u0007med kontroltegn");
  await page.getByLabel("CVR-nummer").fill("12345678");
  // a hostile client ignores the page's maxlength: the server must refuse 100 KB on its own
  await page.getByLabel("Hvad laver organisationen, og for hvem?").evaluate((el) => el.removeAttribute("maxlength"));
  await page.getByLabel("Hvad laver organisationen, og for hvem?").fill("x".repeat(100_000));
  await page.getByRole("button", { name: "Send ansøgning" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("kontrolcifferet passer ikke");
  await expect(summary).toContainText("Teksten er for lang");
  await expect(summary).toContainText("tegn, der ikke er tilladt");
  await expect(page.getByLabel("Organisationens navn")).toHaveValue(markup);
  await page.getByLabel("CVR-nummer").fill("");
  await page.getByLabel("Hvad laver organisationen, og for hvem?").fill("Markup skal vises som tekst.");
  await page.getByLabel("Underskrivers navn").fill("Dina Dahl");
  // the ticked boxes were kept with the rest of the input; the password never is
  await expect(page.getByLabel(/tilslutter sig charteret/)).toBeChecked();
  await page.getByLabel("Vælg en adgangskode").fill("en lang og god adgangskode");
  await page.getByRole("button", { name: "Send ansøgning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tak. Bekræft nu din e-mail");
  const [confirmation] = await mail.waitFor(1, (r) => r.envelope.to.includes(o.email));
  expect(confirmation!.mail.html).not.toContain("<script>alert(1)");
  await page.goto(confirmation!.mail.text!.match(/https?:\/\/\S+\/forum\/confirm\/[\w-]+/)![0]);
  await expect(page.getByText(markup)).toBeVisible();
  await page.getByRole("button", { name: "Bekræft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tak, din e-mail er bekræftet");
  await staffOpensCase(page, markup);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Sag: ${markup}`);
});
