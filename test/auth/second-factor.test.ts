import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { redirectNotice } from "../support/notice";
import { validateRequestSession } from "~/lib/auth.server";
import { openSecret } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { guardBuild } from "~/lib/guard.server";
import { changePassword, disableTotp, endOtherSessions, resetSecondFactor } from "~/models/account-security.server";
import { completeSecondStep, MAX_ATTEMPTS, startPendingSignIn } from "~/models/sign-in-steps.server";
import { beginTotpEnrolment, confirmTotp, pendingTotpSecret, timeStep, spendTotpCode } from "~/models/totp.server";
import { action as loginAction } from "~/routes/login";
import { action as verifyAction } from "~/routes/login_.verify";
import { action as usersAction } from "~/routes/staff.users";
import { createUser, DEFAULT_PASSWORD, TEST_TOTP_SECRET } from "../support/factories";
import { totpCode } from "../support/totp";
import { call, context, contextFromCookie, cookiePair } from "./helpers";

const at = (iso: string) => new Date(iso);
const T0 = at("2026-03-02T09:00:10Z");
const step0 = timeStep(T0);

describe("TOTP codes", () => {
  it("are accepted once: the same code, or one of an earlier step, is refused after use", async () => {
    const user = await createUser({ role: "STAFF" });
    const code = totpCode(TEST_TOTP_SECRET, step0);
    expect(await spendTotpCode(db, user.id, code, T0)).toBe(true);
    expect(await spendTotpCode(db, user.id, code, T0)).toBe(false);
    // the previous step's code is inside the window, but older than the one used
    expect(await spendTotpCode(db, user.id, totpCode(TEST_TOTP_SECRET, step0 - 1), T0)).toBe(false);
    // the next step is new
    expect(await spendTotpCode(db, user.id, totpCode(TEST_TOTP_SECRET, step0 + 1), T0)).toBe(true);
  });

  it("take one step either side of the server's clock, and no more", async () => {
    for (const [offset, ok] of [
      [-2, false],
      [-1, true],
      [0, true],
      [1, true],
      [2, false],
    ] as const) {
      const user = await createUser({ role: "STAFF" });
      expect(await spendTotpCode(db, user.id, totpCode(TEST_TOTP_SECRET, step0 + offset), T0), `step ${offset}`).toBe(ok);
    }
    const user = await createUser({ role: "STAFF" });
    for (const junk of ["", "12345", "1234567", "abcdef", "12 34 56 78"]) expect(await spendTotpCode(db, user.id, junk, T0)).toBe(false);
  });

  it("come from a secret that is sealed at rest: the database never holds it in clear", async () => {
    const member = await createUser({ role: "MEMBER" });
    expect(await beginTotpEnrolment(member.id)).toEqual({ ok: true });
    const secret = (await pendingTotpSecret(member.id))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const raw = JSON.stringify(await db.$queryRawUnsafe(`SELECT * FROM "TotpFactor" WHERE "userId" = ?`, member.id));
    expect(raw).not.toContain(secret);
    const row = await db.totpFactor.findUniqueOrThrow({ where: { userId: member.id } });
    expect(row.secretSealed.startsWith("v1.")).toBe(true);
    expect(openSecret("totp", row.secretSealed)).toBe(secret);
    // sealed for TOTP only: another purpose cannot open it
    expect(openSecret("other", row.secretSealed)).toBeNull();
  });

  it("confirm an enrolment only with a current code, and the first factor brings ten recovery codes, kept hashed", async () => {
    const member = await createUser({ role: "MEMBER" });
    await beginTotpEnrolment(member.id);
    const secret = (await pendingTotpSecret(member.id))!;
    expect(await confirmTotp(member.id, totpCode(secret, step0 + 5), T0)).toEqual({ ok: false, reason: "code" });
    const result = await confirmTotp(member.id, totpCode(secret, step0), T0);
    expect(result.ok).toBe(true);
    const codes = result.ok ? result.recoveryCodes : [];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const raw = JSON.stringify(await db.$queryRawUnsafe(`SELECT * FROM "RecoveryCode" WHERE "userId" = ?`, member.id));
    for (const code of codes) {
      expect(raw).not.toContain(code);
      expect(raw).not.toContain(code.replace("-", ""));
    }
    // the enrolment's code was used: it cannot sign in again
    expect(await spendTotpCode(db, member.id, totpCode(secret, step0), T0)).toBe(false);
    // and nothing secret went into the audit log
    const audit = await db.auditLog.findMany({ where: { entityId: member.id } });
    expect(audit.map((a) => a.action)).toContain("secondFactor.totpEnable");
    expect(JSON.stringify(audit)).not.toContain(secret);
    for (const code of codes) expect(JSON.stringify(audit)).not.toContain(code);
  });
});

describe("the second step of signing in", () => {
  async function enrolledMember() {
    const member = await createUser({ role: "MEMBER" });
    await beginTotpEnrolment(member.id);
    const secret = (await pendingTotpSecret(member.id))!;
    const confirmed = await confirmTotp(member.id, totpCode(secret, timeStep(new Date()) - 1));
    return { member, secret, recoveryCodes: confirmed.ok ? confirmed.recoveryCodes : [] };
  }

  it("takes the password, then the code, and only then gives a session (a member who turned TOTP on too)", async () => {
    const { member, secret } = await enrolledMember();
    const first = await call(loginAction, { path: "/login", form: { email: member.email, password: DEFAULT_PASSWORD }, context: context({ clientIp: "198.51.100.40" }) });
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/login/verify");
    const pendingCookie = cookiePair(first.headers.get("Set-Cookie")!);
    expect(await db.session.count({ where: { userId: member.id } })).toBe(0);

    const verify = (form: Record<string, string>) =>
      verifyAction({
        request: new Request("http://localhost:3999/login/verify", { method: "POST", body: new URLSearchParams(form), headers: { Cookie: pendingCookie } }),
        context: context({ clientIp: "198.51.100.40" }),
        params: {},
      }) as Promise<unknown>;
    const wrong = (await verify({ intent: "totp", code: "000000" })) as { init: { status: number }; data: { errors: Record<string, string> } };
    expect(wrong.init.status).toBe(400);
    expect(wrong.data.errors).toEqual({ code: "security.codeInvalid" });
    const done = (await verify({ intent: "totp", code: totpCode(secret, timeStep(new Date())) })) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/forum/application");
    const cookies = done.headers.getSetCookie();
    expect(cookies.some((c) => /^vink_pending=;/.test(c))).toBe(true);
    const session = cookies.find((c) => c.startsWith("vink_session="))!;
    expect((await validateRequestSession(cookiePair(session))).user).toMatchObject({ id: member.id, secondFactor: true });
    // the pending sign-in is used up: the same cookie does not give a second session
    expect(await completeSecondStep(pendingCookie.split("=")[1]!, { kind: "totp", code: totpCode(secret, timeStep(new Date()) + 1) }, "198.51.100.40")).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("takes a recovery code once and only once, and audits its use", async () => {
    const { member, recoveryCodes } = await enrolledMember();
    const [code] = recoveryCodes;
    const first = await startPendingSignIn(member.id, null);
    // typed loosely: upper case and without the dash
    expect(await completeSecondStep(first, { kind: "recovery", code: code!.toUpperCase().replace("-", " ") }, "198.51.100.41")).toMatchObject({ ok: true, userId: member.id });
    const second = await startPendingSignIn(member.id, null);
    expect(await completeSecondStep(second, { kind: "recovery", code: code! }, "198.51.100.41")).toMatchObject({ ok: false, reason: "invalid" });
    // another user's code is no code for this one
    const other = await enrolledMember();
    expect(await completeSecondStep(second, { kind: "recovery", code: other.recoveryCodes[0]! }, "198.51.100.41")).toMatchObject({ ok: false, reason: "invalid" });
    expect(await db.recoveryCode.count({ where: { userId: member.id, usedAt: null } })).toBe(9);
    expect(await db.auditLog.count({ where: { entityId: member.id, action: "secondFactor.recoveryCodeUsed" } })).toBe(1);
  });

  it(`ends a pending sign-in after ${MAX_ATTEMPTS} wrong codes: the password must be typed again`, async () => {
    const { member, secret } = await enrolledMember();
    const token = await startPendingSignIn(member.id, null);
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      expect(await completeSecondStep(token, { kind: "totp", code: "111111" }, "198.51.100.42")).toEqual({ ok: false, reason: "invalid", attemptsLeft: MAX_ATTEMPTS - i });
    }
    expect(await completeSecondStep(token, { kind: "totp", code: "111111" }, "198.51.100.42")).toEqual({ ok: false, reason: "expired" });
    // even the right code no longer helps this pending sign-in
    expect(await completeSecondStep(token, { kind: "totp", code: totpCode(secret, timeStep(new Date())) }, "198.51.100.42")).toEqual({ ok: false, reason: "expired" });
  });

  it("limits wrong codes per account and address, with Retry-After, and not the owner elsewhere", async () => {
    const { member, secret } = await enrolledMember();
    for (let round = 0; round < 2; round++) {
      const token = await startPendingSignIn(member.id, null);
      for (let i = 0; i < 5; i++) await completeSecondStep(token, { kind: "totp", code: "222222" }, "192.0.2.77");
    }
    const token = await startPendingSignIn(member.id, null);
    const blocked = await completeSecondStep(token, { kind: "totp", code: totpCode(secret, timeStep(new Date())) }, "192.0.2.77");
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    expect(blocked.ok === false && blocked.reason === "throttled" && blocked.retryAfterS).toBeGreaterThan(0);
    // through the page: 429 with Retry-After
    const page = (await verifyAction({
      request: new Request("http://localhost:3999/login/verify", {
        method: "POST",
        body: new URLSearchParams({ intent: "totp", code: "333333" }),
        headers: { Cookie: `vink_pending=${token}` },
      }),
      context: context({ clientIp: "192.0.2.77" }),
      params: {},
    })) as { init: { status: number; headers: Record<string, string> } };
    expect(page.init.status).toBe(429);
    expect(Number(page.init.headers["Retry-After"])).toBeGreaterThan(0);
    // the owner on another network
    expect(await completeSecondStep(token, { kind: "totp", code: totpCode(secret, timeStep(new Date())) }, "198.51.100.43")).toMatchObject({ ok: true });
  });
});

describe("staff without a second factor", () => {
  const build = {
    routes: Object.fromEntries(
      ["root", "routes/staff", "routes/account.security", "routes/forum.application", "routes/_index"].map((id) => [
        id,
        { id, path: id, module: { default: () => null, loader: () => "data" } },
      ]),
    ),
  } as unknown as ServerBuild;
  const guarded = guardBuild(build);
  const load = (id: string, ctx: ReturnType<typeof context>) =>
    Promise.resolve()
      .then(() => (guarded.routes[id]!.module.loader as (a: unknown) => unknown)({ request: new Request("http://x/"), params: {}, context: ctx }))
      .catch((thrown: unknown) => thrown);

  it("reach nothing but enrolment (and public pages) until they have one", async () => {
    const staff = await createUser({ role: "STAFF", secondFactor: false });
    const { startSession } = await import("~/lib/auth.server");
    const ctx = await contextFromCookie(await startSession(staff.id));
    expect(ctx.user).toMatchObject({ id: staff.id, secondFactor: false });
    for (const id of ["routes/staff", "routes/forum.application"]) {
      const held = (await load(id, ctx)) as Response;
      expect(held.status, id).toBe(302);
      expect(held.headers.get("Location"), id).toBe("/account/security");
    }
    expect(await load("routes/account.security", ctx)).toBe("data");
    expect(await load("routes/_index", ctx)).toBe("data");

    // once enrolled, the same session reaches the staff area
    await beginTotpEnrolment(staff.id);
    const secret = (await pendingTotpSecret(staff.id))!;
    expect((await confirmTotp(staff.id, totpCode(secret, timeStep(new Date())))).ok).toBe(true);
    const after = await contextFromCookie(await startSession(staff.id));
    expect(await load("routes/staff", after)).toBe("data");
  });

  it("cannot remove their last factor; a member can", async () => {
    const staff = await createUser({ role: "STAFF" });
    expect(await disableTotp(staff)).toEqual({ ok: false, reason: "lastFactor" });
    expect(await db.totpFactor.count({ where: { userId: staff.id } })).toBe(1);
    const member = await createUser({ role: "MEMBER", secondFactor: true });
    expect(await disableTotp(member)).toEqual({ ok: true });
    expect(await db.totpFactor.count({ where: { userId: member.id } })).toBe(0);
  });
});

describe("an admin's reset of another user's second factor", () => {
  it("takes every factor away, ends their sessions, is audited, and they must enrol again", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const staff = await createUser({ role: "STAFF" });
    const { startSession } = await import("~/lib/auth.server");
    const theirs = await startSession(staff.id);
    const adminCtx = await contextFromCookie(await startSession(admin.id));
    const out = await call(usersAction, { path: "/staff/users", form: { intent: "resetSecondFactor", userId: staff.id }, context: adminCtx });
    expect(out.status).toBe(302);
    expect(redirectNotice(out)).toEqual({ to: "/staff/users", notice: "security.resetDone" });
    expect(await db.totpFactor.count({ where: { userId: staff.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: staff.id } })).toBe(0);
    expect((await validateRequestSession(cookiePair(theirs))).user).toBeNull();
    expect(await db.auditLog.findFirst({ where: { action: "secondFactor.reset", entityId: staff.id } })).toMatchObject({ actorId: admin.id });
    // signing in again: a session, held at enrolment
    const again = await call(loginAction, { path: "/login", form: { email: staff.email, password: DEFAULT_PASSWORD }, context: context({ clientIp: "198.51.100.50" }) });
    expect(again.headers.get("Location")).toBe("/staff");
    expect((await validateRequestSession(cookiePair(again.headers.get("Set-Cookie")!))).user).toMatchObject({ secondFactor: false });
    // not one's own
    expect(await resetSecondFactor({ actorId: admin.id, userId: admin.id })).toEqual({ ok: false, reason: "self" });
  });
});

describe("the password and the sessions of one's own account", () => {
  it("changing the password needs the current one, ends the other sessions and keeps this one", async () => {
    const user = await createUser({ role: "MEMBER" });
    const { startSession } = await import("~/lib/auth.server");
    const here = await contextFromCookie(await startSession(user.id, "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"));
    const elsewhere = await startSession(user.id);
    const input = { userId: user.id, sessionId: here.sessionId!, clientIp: "198.51.100.60" };
    expect(await changePassword({ ...input, current: "forkert kode her", next: "en helt ny god kode" })).toEqual({ ok: false, reason: "current" });
    expect(await changePassword({ ...input, current: DEFAULT_PASSWORD, next: "kort" })).toEqual({ ok: false, reason: "password", problem: "auth.passwordTooShort" });
    expect(await changePassword({ ...input, current: DEFAULT_PASSWORD, next: "en helt ny god kode" })).toEqual({ ok: true });
    expect((await validateRequestSession(cookiePair(elsewhere))).user).toBeNull();
    expect((await validateRequestSession(`vink_session=${here.sessionId}`)).user?.id).toBe(user.id);
    expect(await db.auditLog.count({ where: { entityId: user.id, action: "user.changePassword" } })).toBe(1);
  });

  it("wrong current passwords are limited per account and address", async () => {
    const user = await createUser({ role: "MEMBER" });
    const { startSession } = await import("~/lib/auth.server");
    const here = await contextFromCookie(await startSession(user.id));
    const input = { userId: user.id, sessionId: here.sessionId!, clientIp: "198.51.100.61", next: "en helt ny god kode" };
    for (let i = 0; i < 10; i++) expect(await changePassword({ ...input, current: `forkert ${i}` })).toEqual({ ok: false, reason: "current" });
    expect(await changePassword({ ...input, current: DEFAULT_PASSWORD })).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("'sign out everywhere else' ends every session but this one", async () => {
    const user = await createUser({ role: "MEMBER" });
    const { startSession } = await import("~/lib/auth.server");
    const here = await contextFromCookie(await startSession(user.id));
    const others = [await startSession(user.id), await startSession(user.id)];
    expect(await endOtherSessions({ userId: user.id, currentSessionId: here.sessionId! })).toBe(2);
    for (const c of others) expect((await validateRequestSession(cookiePair(c))).user).toBeNull();
    expect((await validateRequestSession(`vink_session=${here.sessionId}`)).user?.id).toBe(user.id);
  });
});
