import { freshTotpCode } from "../support/totp";
import { expect, models, signIn, test } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("an admin invites staff; the invitee sets a password from the mail and is signed in", async ({ page, mail }) => {
  test.slow(); // a mail round trip and several argon2 hashes, on a machine that may be busy
  const { createUser, DEFAULT_PASSWORD } = await models();
  const admin = await createUser({ role: "ADMIN", name: "Anne Administrator" });
  const email = `ny-${unique()}@example.dk`;

  await signIn(page, admin.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.getByRole("link", { name: "Brugere" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Brugere");

  // a wrong form comes back with the errors beside the fields and the input kept
  await page.getByLabel("Navn").fill("Nina Nyansat");
  await page.getByLabel("E-mail").fill("ikke en mail");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("alert")).toContainText("Skriv en gyldig e-mailadresse");
  await expect(page.getByLabel("Navn")).toHaveValue("Nina Nyansat");

  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText("Invitationen er sendt.");
  const row = page.getByRole("row", { name: /Nina Nyansat/ });
  await expect(row).toContainText("Inviteret");
  await expect(row.getByRole("button", { name: "Send invitation igen Nina Nyansat" })).toBeVisible();

  const [received] = await mail.waitFor(1, (r) => r.envelope.to.includes(email));
  expect(received!.envelope.to).toEqual([email]);
  expect(received!.mail.subject).toBe("Du er inviteret til VINK-portalen");
  const link = received!.mail.text!.match(/https?:\/\/\S+\/invitation\/\S+/)![0];

  // the invitee, after the admin has signed out (in the same browser, so axe checks the invitee's pages too)
  await page.getByRole("button", { name: "Log ud" }).click();
  await expect(page.getByRole("link", { name: "Log ind" })).toBeVisible();
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Velkommen til VINK-portalen");
  await page.getByLabel("Ny adgangskode").fill("password");
  await page.getByLabel("Gentag adgangskoden").fill("password");
  await page.getByRole("button", { name: "Opret adgangskode" }).click();
  await expect(page.getByRole("alert")).toContainText("Adgangskoden er for almindelig");
  await page.getByLabel("Ny adgangskode").fill("ninas egen lange sætning");
  await page.getByLabel("Gentag adgangskoden").fill("ninas egen lange sætning");
  await page.getByRole("button", { name: "Opret adgangskode" }).click();
  // new staff set up their second factor before anything else (docs/decisions/0022-second-factor.md)
  await expect(page).toHaveURL(/\/account\/security$/);
  await page.getByRole("button", { name: "Opsæt godkendelses-app" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  await page.getByLabel("Kode fra appen").fill(await freshTotpCode(email, secret));
  await page.getByRole("button", { name: "Bekræft og slå til" }).click();
  await expect(page.getByText("Godkendelses-appen er slået til.")).toBeVisible();
  await page.getByRole("link", { name: "Medarbejdere" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Medarbejderområde");
  await expect(page.getByText("Velkommen, Nina Nyansat.")).toBeVisible();
  // staff who are not admins have no user management
  await expect(page.getByRole("link", { name: "Brugere" })).toHaveCount(0);
  // the link was for one use
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Linket virker ikke længere");
});

test("an admin disables a user, who is listed as disabled, and the audit log names the admin", async ({ page }) => {
  const { createUser, DEFAULT_PASSWORD } = await models();
  const admin = await createUser({ role: "ADMIN", name: "Alma Administrator" });
  await createUser({ role: "STAFF", name: "Dennis Deaktiveres" });
  await signIn(page, admin.email, DEFAULT_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.getByRole("link", { name: "Brugere" }).click();
  await expect(page.getByRole("row", { name: /Dennis Deaktiveres/ })).toContainText("Aktiv");
  await page.getByRole("button", { name: "Deaktiver Dennis Deaktiveres" }).click();
  await expect(page.getByRole("status")).toHaveText("Brugeren er deaktiveret og logget ud.");
  await expect(page.getByRole("row", { name: /Dennis Deaktiveres/ })).toContainText("Deaktiveret");
  // an admin is offered no way to disable themself
  await expect(page.getByRole("button", { name: /Deaktiver Alma Administrator/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Revisionslog" }).click();
  await expect(page.getByRole("row", { name: /Deaktiverede bruger/ }).first()).toContainText("Alma Administrator");
  await expect(page.getByRole("row", { name: /Deaktiverede bruger/ }).first()).toContainText("Bruger: Dennis Deaktiveres");
});

test("forgotten password: mail, new password, signed in, and the new password works", async ({ page, mail }) => {
  test.slow(); // a mail round trip and several argon2 hashes, on a machine that may be busy
  const { createUser, DEFAULT_PASSWORD } = await models();
  const email = `glemsom-${unique()}@example.dk`;
  await createUser({ role: "STAFF", email, name: "Gustav Glemsom" });

  await page.goto("/login");
  await page.getByRole("link", { name: "Glemt adgangskode?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glemt adgangskode");
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Send link" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tjek din e-mail");

  const [received] = await mail.waitFor(1, (r) => r.envelope.to.includes(email));
  expect(received!.envelope.to).toEqual([email]);
  const link = received!.mail.text!.match(/https?:\/\/\S+\/reset-password\/\S+/)![0];

  const response = await page.goto(link);
  expect(response!.headers()["cache-control"]).toContain("no-store");
  // a page behind a secret link gives its address to nobody; its forms still post (Sec-Fetch-Site vouches for them)
  expect(response!.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vælg ny adgangskode");
  await page.getByLabel("Ny adgangskode").fill("gustavs nye lange kode");
  await page.getByLabel("Gentag adgangskoden").fill("gustavs nye lange kod");
  await page.getByRole("button", { name: "Gem adgangskode" }).click();
  await expect(page.getByRole("alert")).toContainText("De to adgangskoder er ikke ens");
  await page.getByLabel("Ny adgangskode").fill("gustavs nye lange kode");
  await page.getByLabel("Gentag adgangskoden").fill("gustavs nye lange kode");
  await page.getByRole("button", { name: "Gem adgangskode" }).click();
  // a reset link is no second factor: the app's code still comes after it
  await expect(page).toHaveURL(/\/login\/verify$/);
  await page.getByLabel("Kode fra appen").fill(await freshTotpCode(email));
  await page.getByRole("button", { name: "Log ind", exact: true }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByText("Velkommen, Gustav Glemsom.")).toBeVisible();

  await page.getByRole("button", { name: "Log ud" }).click();
  await expect(page.getByRole("link", { name: "Log ind" })).toBeVisible();
  await signIn(page, email, DEFAULT_PASSWORD);
  await expect(page.getByRole("alert")).toContainText("E-mail eller adgangskode er forkert");
  await signIn(page, email, "gustavs nye lange kode");
  await expect(page).toHaveURL(/\/staff$/);

  // the used link now says so, with a way to ask for a new one
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Linket virker ikke længere");
  await expect(page.getByRole("link", { name: "Bed om et nyt link" })).toBeVisible();
});
