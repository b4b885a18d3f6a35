import { request as apiRequest } from "@playwright/test";
import { expect, models, test } from "./fixtures";

/** The forum application tells nobody whether an address has an account (issue 11): the owner is told by mail. */

test("applying with a known address answers exactly as with a new one, and mails the address's owner", async ({ app, mail }) => {
  const { createUser, createCharterVersion } = await models();
  const owner = await createUser({ role: "STAFF", locale: "en" });
  const charter = await createCharterVersion();
  const application = (email: string, cvr: string) => ({
    orgName: "Foreningen Fællesskab", cvr, street: "Blågårdsgade 3", postcode: "2200", city: "København N",
    website: "", districts: "norrebro", description: "Lektiehjælp.", contactName: "Amira Hansen", contactTitle: "Formand",
    email, phone: "+45 12 34 56 78", password: "en lang og god adgangskode", charterVersionId: charter.id,
    charterLocale: "da", declaration: "on", signerName: "Amira Hansen", signerTitle: "Formand", authority: "on",
  });
  const ctx = await apiRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { Origin: app.url }, maxRedirects: 0 });
  try {
    const fresh = await ctx.post("/forum/apply", { form: application(`ny-${Date.now()}@example.dk`, "") });
    const known = await ctx.post("/forum/apply", { form: application(owner.email, "") });
    for (const res of [fresh, known]) {
      expect(res.status()).toBe(302);
      expect(res.headers()["location"]).toBe("/forum/applied");
      // both set the sealed cookie that lets /forum/applied show the address (a fresh random seal each time)
      expect(res.headers()["set-cookie"]).toMatch(/^vink_forum_applied=v1\.[\w.-]+; Max-Age=604800; Path=\/forum; HttpOnly; SameSite=Lax$/);
    }
    expect(await known.text()).toBe(await fresh.text());
    // where both land: the "check your mail" page, which reads nothing of the request
    expect(await (await ctx.get("/forum/applied")).text()).toContain("Tak. Bekræft nu din e-mail");
    // with JavaScript (a data request): the same answer too
    const freshData = await ctx.post("/forum/apply.data", { form: application(`ny2-${Date.now()}@example.dk`, "") });
    const knownData = await ctx.post("/forum/apply.data", { form: application(owner.email, "") });
    expect(knownData.status()).toBe(freshData.status());
    expect(await knownData.text()).toBe(await freshData.text());

    // the owner hears of it, in their own language, with the way to sign in or choose a new password
    const [told] = await mail.waitFor(1, (r) => r.envelope.to.includes(owner.email));
    expect(told!.mail.subject).toBe("Someone applied to the Citizens' forum with your email");
    expect(told!.mail.text).toContain(`${app.url}/login`);
    expect(told!.mail.text).toContain(`${app.url}/forgot-password`);
    // and no account, organisation or confirmation link was made for the address
    const { db } = await models();
    expect(await db.user.count({ where: { email: owner.email } })).toBe(1);
    expect(told!.mail.text).not.toMatch(/\/forum\/confirm\//);
  } finally {
    await ctx.dispose();
  }
});
