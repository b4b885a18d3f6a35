import { expect, models, signIn, test } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("staff invite a pasted list and all forum members; one answers yes, another opts out and is left out next time", async ({ page, mail, request }) => {
  test.slow();
  const { createUser, createActiveMember, createEvent, db, DEFAULT_PASSWORD } = await models();
  const staff = await createUser({ role: "STAFF", name: "Sara Stab", email: `stab-${unique()}@kk.dk` });
  const id = unique();
  await createActiveMember({ email: `medlem-a-${id}@example.dk`, name: "Mette Medlem" });
  await createActiveMember({ email: `medlem-b-${id}@example.dk`, name: "Mary Member", locale: "en" });
  // a theme day for everyone is not discreet: staff's own subject is the mail's (a discreet event's is the calendar title's)
  const event = await createEvent({ title: `Temaaften om fællesskaber ${id}`, kind: "THEME_DAY", audience: "EVERYONE", capacity: 50 });
  const people = Array.from({ length: 5 }, (_, i) => ({ name: `Gæst ${i + 1}`, email: `gaest${i + 1}-${id}@example.dk` }));
  const pasted = ["navn;email", ...people.map((p) => `${p.name};${p.email}`)].join("\n");

  await signIn(page, staff.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto(`/staff/events/${event.id}`);
  await page.getByRole("link", { name: "Invitationer" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invitationer");
  await page.getByRole("link", { name: "Ny invitation" }).click();

  // a bad list is reported line by line, nothing is sent, and what was typed is kept
  await page.getByLabel("Emne").fill("Invitation til temaaften");
  await page.getByLabel("Besked på dansk").fill("Kære alle\n\nVi håber, I vil komme.");
  await page.getByLabel("Indsæt adresser").fill(`${pasted}\nEve;eve-${id}@example.dk,bob-${id}@example.dk`);
  await page.getByRole("button", { name: "Se forhåndsvisning" }).click();
  await expect(page.getByText("Listen har linjer, vi ikke kan bruge").first()).toBeVisible();
  await expect(page.getByText("Indsat liste, linje 7: linjen indeholder mere end én adresse")).toBeVisible();
  await expect(page.getByLabel("Emne")).toHaveValue("Invitation til temaaften");

  await page.getByLabel("Indsæt adresser").fill(pasted);
  await page.getByLabel(/Alle godkendte medlemmer/).check();
  await page.getByRole("button", { name: "Se forhåndsvisning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Forhåndsvisning: Invitation til temaaften");
  await expect(page.getByRole("heading", { name: "På dansk" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "På engelsk" })).toBeVisible();
  const members = await db.organisationContact.count({ where: { organisation: { state: "APPROVED" } } });
  const total = members + people.length;
  await expect(page.getByText(`${total} modtagere`, { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Send en prøve til mig" }).click();
  await expect(page.getByRole("status")).toContainText(`Prøven er sendt til ${staff.email}`);
  const [test1] = await mail.waitFor(1, (r) => r.envelope.to.includes(staff.email));
  expect(test1!.mail.subject).toBe("[TEST] Invitation til temaaften");

  await page.getByRole("button", { name: `Send til ${total} modtagere` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sendt: Invitation til temaaften");
  const progress = page.locator("progress#send-progress");
  await expect(page.getByTestId("progress-text")).toContainText("Alle mails er behandlet.", { timeout: 30_000 });
  await expect(progress).toHaveAttribute("max", String(total));
  await expect(progress).toHaveAttribute("value", String(total));

  const ours = (address: string) => (r: { envelope: { to: string[] } }) => r.envelope.to.includes(address);
  for (const p of people) await mail.waitFor(1, ours(p.email));
  const english = (await mail.waitFor(1, ours(`medlem-b-${id}@example.dk`)))[0]!;
  expect(english.mail.text).toContain("Will you come?");

  // Gæst 1 answers yes from the mail: the link shows the answer with one button to confirm it
  const first = (await mail.waitFor(1, ours(people[0]!.email)))[0]!;
  expect(first.envelope.to).toEqual([people[0]!.email]);
  const yes = first.mail.text!.match(/https?:\/\/\S+\/invitations\/\S+\?answer=yes/)![0];
  await page.goto(yes);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Invitation: ${event.title}`);
  await page.getByRole("button", { name: "Ja, jeg kommer" }).click();
  await expect(page.getByRole("status")).toHaveText("Tak! Dit ja er registreret.");
  await expect(page.getByText("Du er tilmeldt.")).toBeVisible();
  await mail.waitFor(2, ours(people[0]!.email)); // the invitation, then the confirmation

  // Gæst 2's mail provider uses the one-click header (RFC 8058): a POST without sign-in and without Origin
  const second = (await mail.waitFor(1, ours(people[1]!.email)))[0]!;
  const header = second.raw.replace(/\r?\n[ \t]+/g, " ").match(/^List-Unsubscribe: <([^>]+)>/m)![1]!;
  expect(second.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  const posted = await request.post(header, { form: { "List-Unsubscribe": "One-Click" }, headers: { Origin: "" } });
  expect(posted.status()).toBe(200);
  // a GET of the link only shows the page with a button
  await page.goto(header);
  await expect(page.getByText(`Du er afmeldt. Vi sender ikke flere invitationer til ${people[1]!.email}.`)).toBeVisible();

  // staff see each one's state
  await page.goto(`/staff/events/${event.id}/invitations`);
  await page.getByRole("link", { name: "Invitation til temaaften" }).click();
  await expect(page.locator(`tr[data-email="${people[0]!.email}"] td[data-state]`)).toHaveText("Tilmeldt");
  await expect(page.locator(`tr[data-email="${people[1]!.email}"] td[data-state]`)).toHaveText("Frameldt invitationer");
  await expect(page.locator(`tr[data-email="${people[2]!.email}"] td[data-state]`)).toHaveText("Sendt");

  // the next invitation leaves the opted-out address out
  await page.goto(`/staff/events/${event.id}/invitations/new`);
  await page.getByLabel("Emne").fill("Sidste chance");
  await page.getByLabel("Besked på dansk").fill("Der er stadig plads.");
  await page.getByLabel("Indsæt adresser").fill(pasted);
  await page.getByRole("button", { name: "Se forhåndsvisning" }).click();
  await expect(page.getByText(/Frameldt invitationer: 1\./)).toBeVisible();
  await expect(page.getByText(/Allerede tilmeldt: 1\./)).toBeVisible();
  await page.getByRole("button", { name: "Send til 3 modtagere" }).click();
  await expect(page.getByTestId("progress-text")).toContainText("Alle mails er behandlet.", { timeout: 30_000 });
  await mail.waitFor(1, (r) => ours(people[4]!.email)(r) && r.mail.subject === "Sidste chance");
  expect(mail.to(people[1]!.email).filter((r) => r.mail.subject === "Sidste chance")).toHaveLength(0);
});

test("a member makes a secret calendar feed of the organisation's events, and renewing it revokes the old one", async ({ page, request }) => {
  test.slow();
  const { createActiveMember, createEvent, DEFAULT_PASSWORD } = await models();
  const { registerMemberContact } = await import("~/models/member-registrations.server");
  const member = await createActiveMember({ email: `kalender-${unique()}@example.dk`, name: "Karl Kalender" });
  const event = await createEvent({ visibility: "MEMBERS", calendarTitle: "Forummøde — VINK" });
  expect((await registerMemberContact({ actorUserId: member.id, contactUserId: member.id, eventId: event.id })).ok).toBe(true);

  await signIn(page, member.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/member$/);
  await page.getByRole("link", { name: "Min kalender" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kalender for din organisation");
  await page.getByRole("button", { name: "Lav min kalenderadresse" }).click();
  await expect(page.getByLabel("Din kalenderadresse")).toHaveValue(/feed\.ics$/);
  const first = await page.getByLabel("Din kalenderadresse").inputValue();
  expect(first).toMatch(/\/calendar\/member\/[A-Za-z0-9_-]{43}\/feed\.ics$/);
  const feed = await request.get(first);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const body = await feed.text();
  expect(body).toContain("SUMMARY:Forummøde — VINK");
  expect(body).not.toContain(member.email);

  await page.getByRole("button", { name: /Lav en ny adresse/ }).click();
  await expect(page.getByLabel("Din kalenderadresse")).not.toHaveValue(first);
  const second = await page.getByLabel("Din kalenderadresse").inputValue();
  expect(second).not.toBe(first);
  expect((await request.get(first)).status()).toBe(404);
  expect((await request.get(second)).status()).toBe(200);
});
