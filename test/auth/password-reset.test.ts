import { beforeEach, describe, expect, it } from "vitest";
import { validateRequestSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { deliverDue } from "~/lib/mail-worker.server";
import { passwordProblem } from "~/lib/password.server";
import { issueToken } from "~/lib/tokens.server";
import { requestPasswordReset, resetPassword } from "~/models/password-links.server";
import { signIn } from "~/models/sign-in.server";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password.$token";
import { createUser, DEFAULT_PASSWORD } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { call, context, cookiePair } from "./helpers";

const smtp = smtpServerForFile();

beforeEach(() => {
  smtp.clear();
});

const NEW_PASSWORD = "en helt ny og lang sætning";

const forgot = (email: string, clientIp = "198.51.100.50") =>
  call(forgotAction, { path: "/forgot-password", form: { email }, context: context({ clientIp }) });

const tokenFrom = (url: string) => url.match(/\/reset-password\/([A-Za-z0-9_-]{43})$/)![1]!;

describe("forgotten password", () => {
  it("answers the same for an unknown email, a known one and a disabled one; mails only the known one", async () => {
    const user = await createUser({ name: "Karen Kendt" });
    const disabled = await createUser({ disabledAt: new Date() });
    const answers = [await forgot("ukendt@example.dk"), await forgot(user.email), await forgot(disabled.email)];
    for (const a of answers) {
      expect(a.status).toBe(302);
      expect(a.headers.get("Location")).toBe("/forgot-password?sent=1");
      expect(a.body).toBeNull();
    }
    await deliverDue();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.envelope.to).toEqual([user.email]);
  });

  it("mails exactly one recipient a working link in the user's language, which signs them in with the new password", async () => {
    const user = await createUser({ name: "Erik English", locale: "en", role: "STAFF" });
    await forgot(user.email.toUpperCase());
    await deliverDue();
    const [received] = await smtp.waitFor(1);
    const { envelope, mail } = received!;
    expect(envelope.to).toEqual([user.email]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((v) => v.address) : null).toEqual([user.email]);
    expect(mail.cc).toBeUndefined();
    expect(mail.bcc).toBeUndefined();
    expect(mail.subject).toBe("New password for the VINK portal");
    const url = mail.text!.match(/http:\/\/localhost:3999\/reset-password\/\S+/)![0];
    expect(mail.html).toContain(`href="${url}"`);
    const token = tokenFrom(url);

    // the link shows the form
    const shown = await call(resetLoader, { path: `/reset-password/${token}`, params: { token } });
    expect(shown.body).toEqual({ valid: true, email: user.email });

    // an existing session of the user ends when the password is reset
    const before = await signIn(user.email, DEFAULT_PASSWORD, "10.0.0.1");
    expect(before.ok).toBe(true);
    const { startSession } = await import("~/lib/auth.server");
    const oldCookie = await startSession(user.id);

    const done = await call(resetAction, {
      path: `/reset-password/${token}`,
      params: { token },
      form: { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    });
    expect(done.status).toBe(302);
    // a reset link is not a second factor: staff still confirm with their app before they get a session
    expect(done.headers.get("Location")).toBe("/login/verify");
    expect(done.headers.get("Set-Cookie")).toMatch(/^vink_pending=/);
    expect((await validateRequestSession(cookiePair(oldCookie))).user).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);

    expect(await signIn(user.email, DEFAULT_PASSWORD, "10.0.0.2")).toMatchObject({ ok: false, reason: "invalid" });
    expect(await signIn(user.email, NEW_PASSWORD, "10.0.0.3")).toMatchObject({ ok: true, userId: user.id });

    // used once: the same link now shows the "no longer works" page, and cannot set a password again
    const again = await call(resetLoader, { path: `/reset-password/${token}`, params: { token } });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ valid: false });
    const replay = await call(resetAction, {
      path: `/reset-password/${token}`,
      params: { token },
      form: { password: "noget helt tredje her", confirmPassword: "noget helt tredje her" },
    });
    expect(replay.status).toBe(410);
    expect(await signIn(user.email, NEW_PASSWORD, "10.0.0.4")).toMatchObject({ ok: true });
  });

  it("keeps the token when the new password breaks the rules, with the error beside the field", async () => {
    const user = await createUser();
    const token = await issueToken(db, user.id, "PASSWORD_RESET");
    const post = (password: string, confirmPassword: string) =>
      call(resetAction, { path: `/reset-password/${token}`, params: { token }, form: { password, confirmPassword } });
    expect((await post("kort", "kort")).body).toEqual({ errors: { password: "auth.passwordTooShort" }, values: {} });
    expect((await post("Password123", "Password123")).body).toMatchObject({ errors: { password: "auth.passwordCommon" } });
    expect((await post("a".repeat(65), "a".repeat(65))).body).toMatchObject({ errors: { password: "auth.passwordTooLong" } });
    expect((await post(NEW_PASSWORD, `${NEW_PASSWORD}x`)).body).toMatchObject({ errors: { confirmPassword: "auth.passwordMismatch" } });
    expect((await post(NEW_PASSWORD, NEW_PASSWORD)).status).toBe(302);
  });

  it("a link expires after one hour, and a new one cancels the old", async () => {
    const user = await createUser();
    const t0 = new Date("2026-04-01T08:00:00Z");
    const first = await issueToken(db, user.id, "PASSWORD_RESET", t0);
    const second = await issueToken(db, user.id, "PASSWORD_RESET", new Date(t0.getTime() + 60_000));
    expect(await resetPassword(first, NEW_PASSWORD, new Date(t0.getTime() + 120_000))).toEqual({ ok: false, reason: "token" });
    expect(await resetPassword(second, NEW_PASSWORD, new Date(t0.getTime() + 61 * 60_000 + 1))).toEqual({ ok: false, reason: "token" });
    expect(await resetPassword(second, NEW_PASSWORD, new Date(t0.getTime() + 60 * 60_000))).toMatchObject({ ok: true, userId: user.id });
  });

  it("asking again sends a new link and the first one stops working", async () => {
    const user = await createUser();
    await forgot(user.email);
    await forgot(user.email);
    await deliverDue();
    const mails = await smtp.waitFor(2);
    const [a, b] = mails.map((m) => tokenFrom(m.mail.text!.match(/\S+\/reset-password\/\S+/)![0]));
    expect(a).not.toBe(b);
    const tokens = await db.authToken.findMany({ where: { userId: user.id, purpose: "PASSWORD_RESET" } });
    expect(tokens).toHaveLength(1);
    // only hashes are stored
    expect(tokens[0]!.tokenHash).not.toBe(b);
    expect((await call(resetLoader, { path: "/", params: { token: a! } })).status).toBe(410);
    expect((await call(resetLoader, { path: "/", params: { token: b! } })).status).toBe(200);
  });

  it("a disabled user's link stops working", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    const token = await issueToken(db, user.id, "PASSWORD_RESET");
    const { disableUser } = await import("~/models/users.server");
    await disableUser({ actorId: admin.id, userId: user.id });
    expect(await resetPassword(token, NEW_PASSWORD)).toEqual({ ok: false, reason: "token" });
  });

  it("limits requests per address and per email with 429 and Retry-After", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) expect((await forgot(user.email, `192.0.2.${i + 10}`)).status).toBe(302);
    const perEmail = await forgot(user.email, "192.0.2.99");
    expect(perEmail.status).toBe(429);
    expect(Number(perEmail.headers.get("Retry-After"))).toBeGreaterThan(0);
    // per network address, whichever emails (unknown ones count too, or the limit would tell them apart); wider than
    // per email, since many people share one address (a mobile carrier's NAT, a library)
    for (let i = 0; i < 30; i++) expect((await forgot(`x${i}@example.dk`, "192.0.2.77")).status).toBe(302);
    expect((await forgot("other@example.dk", "192.0.2.77")).status).toBe(429);
    const t = new Date("2026-05-01T12:00:00Z");
    for (let i = 0; i < 5; i++) expect(await requestPasswordReset("late@example.dk", `10.1.1.${i}`, t)).toEqual({ ok: true });
    expect(await requestPasswordReset("late@example.dk", "10.1.1.9", t)).toMatchObject({ ok: false, retryAfterS: 600 });
    expect(await requestPasswordReset("late@example.dk", "10.1.1.9", new Date(t.getTime() + 600_001))).toEqual({ ok: true });
  });

  it("refuses the most common passwords from a list of thousands", async () => {
    const list = (await import("~/lib/common-passwords.json", { with: { type: "json" } })).default as string[];
    expect(list.length).toBeGreaterThanOrEqual(5000);
    expect(list.every((p) => p === p.toLowerCase())).toBe(true);
    for (const p of ["password", "Password1", "qwertyuiop", "iloveyou", "sunshine", "12345678"]) expect(passwordProblem(p)).toBe("auth.passwordCommon");
    expect(passwordProblem(DEFAULT_PASSWORD)).toBeNull();
    expect(passwordProblem("1234567")).toBe("auth.passwordTooShort");
    expect(passwordProblem("æøå".repeat(22))).toBe("auth.passwordTooLong");
    expect(passwordProblem("æøåæøåæø")).toBeNull();
  });
});
