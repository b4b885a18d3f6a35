import { describe, expect, it } from "vitest";
import { validateRequestSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { hashToken } from "~/lib/crypto.server";
import { signIn } from "~/models/sign-in.server";
import { disableUser } from "~/models/users.server";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { createActiveMember, createOrganisation, createUser, DEFAULT_PASSWORD } from "../support/factories";
import { call, context, contextFromCookie, cookiePair, sessionIdOf } from "./helpers";

const login = (email: string, password: string, clientIp = "198.51.100.1", ctx = context({ clientIp })) =>
  call(loginAction, { path: "/login", form: { email, password }, context: ctx });

describe("signing in", () => {
  it("answers an unknown email exactly as a wrong password", async () => {
    const user = await createUser();
    const unknown = await login("nobody@example.dk", "whatever-it-is", "198.51.100.10");
    const wrong = await login(user.email, "not the password", "198.51.100.11");
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(unknown.status);
    expect(wrong.body).toEqual({ errors: { _form: "auth.invalidCredentials" }, values: { email: user.email } });
    expect(unknown.body).toEqual({ errors: { _form: "auth.invalidCredentials" }, values: { email: "nobody@example.dk" } });
    // and a disabled user with the right password gets the same answer
    const disabled = await createUser({ disabledAt: new Date() });
    const refused = await login(disabled.email, DEFAULT_PASSWORD, "198.51.100.12");
    expect(refused.body).toEqual({ errors: { _form: "auth.invalidCredentials" }, values: { email: disabled.email } });
  });

  it("signs in with the right password and redirects by role, with a session cookie", async () => {
    // staff have a second factor: the password alone gives a pending sign-in, no session (the next step is tested in
    // test/auth/second-factor.test.ts); one without a factor yet gets a session and is held at enrolment by the guard
    const enrolled = await createUser({ role: "STAFF" });
    const pending = await login(enrolled.email, DEFAULT_PASSWORD, "198.51.100.12");
    expect(pending.status).toBe(302);
    expect(pending.headers.get("Location")).toBe("/login/verify");
    expect(pending.headers.get("Set-Cookie")).toMatch(/^vink_pending=[A-Za-z0-9_-]{43};/);
    expect(pending.headers.get("Set-Cookie")).not.toMatch(/vink_session=/);
    const staff = await createUser({ role: "STAFF", secondFactor: false });
    const ok = await login(staff.email.toUpperCase(), DEFAULT_PASSWORD, "198.51.100.13");
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/staff");
    const cookie = ok.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^vink_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const { user } = await validateRequestSession(cookiePair(cookie));
    expect(user?.id).toBe(staff.id);
  });

  it("lands an active member in the member area and an applicant at their application", async () => {
    const member = await createActiveMember();
    const memberLogin = await login(member.email, DEFAULT_PASSWORD, "198.51.100.14");
    expect(memberLogin.headers.get("Location")).toBe("/member");
    const { user: applicant } = await createOrganisation({ state: "PENDING" });
    const applicantLogin = await login(applicant.email, DEFAULT_PASSWORD, "198.51.100.15");
    expect(applicantLogin.status).toBe(302);
    expect(applicantLogin.headers.get("Location")).toBe("/forum/application");
  });

  it("throttles an address after 10 failures for one account, with 429 and Retry-After, and never the owner elsewhere", async () => {
    const user = await createUser({ role: "STAFF" });
    for (let i = 0; i < 10; i++) expect((await login(user.email, `wrong ${i}`, "192.0.2.1")).status).toBe(400);
    // the stranger's address is stopped, even with the right password
    const blocked = await login(user.email, DEFAULT_PASSWORD, "192.0.2.1");
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(blocked.headers.get("Set-Cookie")).toBeNull();
    // the owner on another network signs in at once
    const owner = await login(user.email, DEFAULT_PASSWORD, "198.51.100.77");
    expect(owner.status).toBe(302);
    expect(owner.headers.get("Location")).toBe("/login/verify");
  });

  it("an account attacked from many addresses is never locked: each address gets 3 guesses, the owner's right password works", async () => {
    const user = await createUser();
    // 40 wrong passwords from 20 addresses (a botnet), within the window
    for (let a = 0; a < 20; a++) {
      for (let i = 0; i < 2; i++) expect((await login(user.email, `guess ${a}-${i}`, `203.0.113.${a + 1}`)).status).toBe(400);
    }
    // under attack, a fresh address has 3 wrong tries on this account, then waits
    for (let i = 0; i < 3; i++) expect((await login(user.email, `guess ${i}`, "203.0.113.100")).status).toBe(400);
    expect((await login(user.email, DEFAULT_PASSWORD, "203.0.113.100")).status).toBe(429);
    // other accounts from that address are not affected
    const other = await createUser();
    expect((await login(other.email, DEFAULT_PASSWORD, "203.0.113.100")).status).toBe(302);
    // the owner, from an address that has not failed, with a typo first and then the right password
    expect((await login(user.email, "a typo", "198.51.100.200")).status).toBe(400);
    expect((await login(user.email, DEFAULT_PASSWORD, "198.51.100.200")).status).toBe(302);
  });

  it("throttles after 30 failures from one address, whichever accounts", async () => {
    const target = await createUser();
    for (let i = 0; i < 30; i++) expect((await login(`guess-${i}@example.dk`, "guess", "192.0.2.250")).status).toBe(400);
    const blocked = await login(target.email, DEFAULT_PASSWORD, "192.0.2.250");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    // another address is not affected
    expect((await login(target.email, DEFAULT_PASSWORD, "192.0.2.251")).status).toBe(302);
  });

  it("lets the limit run out with time (signIn with a controlled clock)", async () => {
    const user = await createUser();
    const start = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < 10; i++) await signIn(user.email, "wrong", "10.9.9.9", new Date(start.getTime() + i * 1000));
    const during = await signIn(user.email, DEFAULT_PASSWORD, "10.9.9.9", new Date(start.getTime() + 60_000));
    expect(during).toMatchObject({ ok: false, reason: "throttled" });
    // the account is under attack (10 failures), so this address's allowance is 3: its 8th failure, at 7 s, must age out
    expect(during.ok === false && during.reason === "throttled" && during.retryAfterS).toBe(547);
    const elsewhere = await signIn(user.email, DEFAULT_PASSWORD, "10.9.9.8", new Date(start.getTime() + 60_000));
    expect(elsewhere).toMatchObject({ ok: true, userId: user.id });
    const after = await signIn(user.email, DEFAULT_PASSWORD, "10.9.9.9", new Date(start.getTime() + 11 * 60_000));
    expect(after).toMatchObject({ ok: true, userId: user.id });
  });

  it("starts a new session id at every sign-in and ends the one the browser had", async () => {
    const user = await createUser({ secondFactor: false });
    const first = (await login(user.email, DEFAULT_PASSWORD, "198.51.100.20")).headers.get("Set-Cookie")!;
    const ctx = await contextFromCookie(first, { clientIp: "198.51.100.20" });
    expect(ctx.user?.id).toBe(user.id);
    const second = (await login(user.email, DEFAULT_PASSWORD, "198.51.100.20", ctx)).headers.get("Set-Cookie")!;
    expect(sessionIdOf(second)).not.toBe(sessionIdOf(first));
    expect((await validateRequestSession(cookiePair(first))).user).toBeNull();
    expect((await validateRequestSession(cookiePair(second))).user?.id).toBe(user.id);
  });

  it("stores only the hash of a session id, never the cookie's value", async () => {
    const user = await createUser({ secondFactor: false });
    const cookie = (await login(user.email, DEFAULT_PASSWORD, "198.51.100.21")).headers.get("Set-Cookie")!;
    const id = sessionIdOf(cookie);
    const rows = await db.session.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(hashToken(id));
    expect(await db.session.findUnique({ where: { id } })).toBeNull();
    const raw = JSON.stringify(await db.$queryRawUnsafe("SELECT * FROM Session"));
    expect(raw).not.toContain(id);
  });
});

describe("ending sessions", () => {
  it("logout ends the session on the server, not only in the browser", async () => {
    const user = await createUser({ secondFactor: false });
    const cookie = (await login(user.email, DEFAULT_PASSWORD, "198.51.100.30")).headers.get("Set-Cookie")!;
    const ctx = await contextFromCookie(cookie);
    const out = await call(logoutAction, { path: "/logout", form: {}, context: ctx });
    expect(out.status).toBe(302);
    expect(out.headers.get("Set-Cookie")).toMatch(/^vink_session=;/);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    // replaying the old cookie gets nobody
    expect((await validateRequestSession(cookiePair(cookie))).user).toBeNull();
  });

  it("disabling a user ends all their sessions at once", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser({ secondFactor: false });
    const a = (await login(user.email, DEFAULT_PASSWORD, "198.51.100.31")).headers.get("Set-Cookie")!;
    const b = (await login(user.email, DEFAULT_PASSWORD, "198.51.100.32")).headers.get("Set-Cookie")!;
    expect(await db.session.count({ where: { userId: user.id } })).toBe(2);
    expect(await disableUser({ actorId: admin.id, userId: user.id })).toEqual({ ok: true });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    for (const c of [a, b]) expect((await validateRequestSession(cookiePair(c))).user).toBeNull();
  });

  it("ends a session at its absolute lifetime even while it is being used", async () => {
    const user = await createUser({ secondFactor: false });
    const cookie = (await login(user.email, DEFAULT_PASSWORD, "198.51.100.33")).headers.get("Set-Cookie")!;
    const id = hashToken(sessionIdOf(cookie));
    // in use an hour before the end: still valid
    await db.session.update({ where: { id }, data: { createdAt: new Date(Date.now() - 23 * 3600_000) } });
    expect((await validateRequestSession(cookiePair(cookie))).user?.id).toBe(user.id);
    // the idle expiry is still far away, but the session is older than SESSION_MAX_HOURS (24)
    await db.session.update({ where: { id }, data: { createdAt: new Date(Date.now() - 24 * 3600_000 - 1000), expiresAt: new Date(Date.now() + 8 * 3600_000) } });
    const after = await validateRequestSession(cookiePair(cookie));
    expect(after.user).toBeNull();
    expect(after.setCookie).toMatch(/^vink_session=;/);
    expect(await db.session.findUnique({ where: { id } })).toBeNull();
  });
});
