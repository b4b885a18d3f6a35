import { beforeEach, describe, expect, it } from "vitest";
import { redirectNotice } from "../support/notice";
import { startSession, validateRequestSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { deliverDue } from "~/lib/mail-worker.server";
import { AUDIT_PAGE_SIZE, listAuditLog } from "~/models/audit-log.server";
import { acceptInvitation } from "~/models/password-links.server";
import { signIn } from "~/models/sign-in.server";
import { action as invitationAction, loader as invitationLoader } from "~/routes/invitation.$token";
import { loader as auditLoader } from "~/routes/staff.audit";
import { action as usersAction, loader as usersLoader } from "~/routes/staff.users";
import { createUser } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { call, context, contextFromCookie, cookiePair } from "./helpers";

const smtp = smtpServerForFile();

beforeEach(() => {
  smtp.clear();
});

async function adminContext() {
  const admin = await createUser({ role: "ADMIN", name: "Anne Admin" });
  return { admin, ctx: await contextFromCookie(await startSession(admin.id)) };
}

const post = (ctx: Awaited<ReturnType<typeof adminContext>>["ctx"], form: Record<string, string>) =>
  call(usersAction, { path: "/staff/users", form, context: ctx });

/** Where the answer sends the browser, and the notice it leaves for the next page (app/lib/flash.server.ts). */
const linkIn = (text: string) => text.match(/http:\/\/localhost:3999\/invitation\/([A-Za-z0-9_-]{43})/)!;

describe("inviting staff", () => {
  it("creates the user without a password, mails one invitation link, and audits it", async () => {
    const { admin, ctx } = await adminContext();
    const res = await post(ctx, { intent: "invite", name: "Niels <b>Ny</b>", email: "Niels@Example.dk", role: "STAFF", locale: "da" });
    expect(res.status).toBe(302);
    expect(redirectNotice(res)).toEqual({ to: "/staff/users", notice: "staff.notice.invited" });
    const user = await db.user.findUniqueOrThrow({ where: { email: "niels@example.dk" } });
    expect(user).toMatchObject({ role: "STAFF", passwordHash: null, disabledAt: null, locale: "da" });

    await deliverDue();
    const [received] = await smtp.waitFor(1);
    expect(received!.envelope.to).toEqual(["niels@example.dk"]);
    expect(received!.mail.subject).toBe("Du er inviteret til VINK-portalen");
    expect(received!.mail.text).toContain("Anne Admin har oprettet");
    // the typed name is escaped in the HTML part
    expect(received!.mail.html).toContain("Niels &lt;b&gt;Ny&lt;/b&gt;");
    expect(received!.mail.html).not.toContain("<b>Ny</b>");

    const listed = await call(usersLoader, { path: "/staff/users", context: ctx });
    const rows = (listed.body as { users: { email: string; state: string }[] }).users;
    expect(rows.find((r) => r.email === "niels@example.dk")?.state).toBe("invited");
    expect(JSON.stringify(listed.body)).not.toContain("passwordHash");

    const log = await db.auditLog.findMany({ where: { entityId: user.id } });
    expect(log).toMatchObject([{ actorId: admin.id, action: "user.invite", entityType: "User" }]);

    // the invitee sets a password through the link and is signed in
    const [, token] = linkIn(received!.mail.text!);
    const shown = await call(invitationLoader, { path: "/", params: { token: token! } });
    expect(shown.body).toMatchObject({ valid: true, email: "niels@example.dk" });
    const mismatch = await call(invitationAction, { path: "/", params: { token: token! }, form: { password: "lang nok kode her", confirmPassword: "noget andet" } });
    expect(mismatch.body).toMatchObject({ errors: { confirmPassword: "auth.passwordMismatch" } });
    const done = await call(invitationAction, { path: "/", params: { token: token! }, form: { password: "lang nok kode her", confirmPassword: "lang nok kode her" } });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/staff");
    expect((await validateRequestSession(cookiePair(done.headers.get("Set-Cookie")!))).user?.email).toBe("niels@example.dk");
    expect(await signIn("niels@example.dk", "lang nok kode her", "10.2.2.2")).toMatchObject({ ok: true });
    // single use
    expect((await call(invitationLoader, { path: "/", params: { token: token! } })).status).toBe(410);
    expect(await acceptInvitation(token!, "endnu en lang kode")).toEqual({ ok: false, reason: "token" });
  });

  it("refuses an email that already has a user, beside the field with the input kept", async () => {
    const { ctx } = await adminContext();
    const existing = await createUser();
    const res = await post(ctx, { intent: "invite", name: "Dublet", email: existing.email, role: "ADMIN", locale: "en" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: { email: "staff.userExists" },
      values: { intent: "invite", name: "Dublet", email: existing.email, role: "ADMIN", locale: "en" },
    });
    const bad = await post(ctx, { intent: "invite", name: "", email: "ikke-en-mail", role: "MEMBER", locale: "da" });
    expect(bad.body).toMatchObject({ errors: { name: "form.required", email: "form.invalidEmail", role: "form.invalid" } });
    // a name is one line, as on every form (app/lib/field-rules.ts): it goes into the invitation's greeting and the audit log
    const broken = await post(ctx, { intent: "invite", name: "Niels\r\nBcc: x@example.dk", email: "niels@example.dk", role: "STAFF", locale: "da" });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ errors: { name: "form.invalid" }, values: { name: "Niels\r\nBcc: x@example.dk" } });
    expect(await db.user.count({ where: { email: "niels@example.dk" } })).toBe(0);
  });

  it("send again: a new link, the old one stops working", async () => {
    const { ctx } = await adminContext();
    await post(ctx, { intent: "invite", name: "Ida", email: "ida@example.dk", role: "ADMIN", locale: "en" });
    const ida = await db.user.findUniqueOrThrow({ where: { email: "ida@example.dk" } });
    const res = await post(ctx, { intent: "resend", userId: ida.id });
    expect(redirectNotice(res)).toEqual({ to: "/staff/users", notice: "staff.notice.resent" });
    await deliverDue();
    const mails = await smtp.waitFor(2);
    expect(mails.every((m) => m.mail.subject === "You are invited to the VINK portal")).toBe(true);
    const [first, second] = mails.map((m) => linkIn(m.mail.text!)[1]!);
    expect(first).not.toBe(second);
    expect(await acceptInvitation(first!, "idas lange kode her")).toEqual({ ok: false, reason: "token" });
    expect(await acceptInvitation(second!, "idas lange kode her")).toMatchObject({ ok: true, role: "ADMIN" });
    // once active, there is nothing to send again
    expect((await post(ctx, { intent: "resend", userId: ida.id })).status).toBe(409);
    const actions = (await db.auditLog.findMany({ where: { entityId: ida.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["user.invite", "user.resendInvitation", "user.acceptInvitation"]);
  });

  it("an invitation link expires after 7 days", async () => {
    const { issueToken } = await import("~/lib/tokens.server");
    const user = await db.user.create({ data: { email: "sen@example.dk", name: "Sen", role: "STAFF" } });
    const t0 = new Date("2026-06-01T09:00:00Z");
    const token = await issueToken(db, user.id, "STAFF_INVITE", t0);
    expect(await acceptInvitation(token, "en lang adgangskode", new Date(t0.getTime() + 7 * 24 * 3600_000 + 1))).toEqual({ ok: false, reason: "token" });
    expect(await acceptInvitation(token, "en lang adgangskode", new Date(t0.getTime() + 7 * 24 * 3600_000 - 1))).toMatchObject({ ok: true });
  });
});

describe("disabling and enabling", () => {
  it("disabling ends the user's sessions and is audited; enabling lets them in again", async () => {
    const { admin, ctx } = await adminContext();
    const user = await createUser();
    const cookie = await startSession(user.id);
    const res = await post(ctx, { intent: "disable", userId: user.id });
    expect(redirectNotice(res)).toEqual({ to: "/staff/users", notice: "staff.notice.disabled" });
    expect((await validateRequestSession(cookiePair(cookie))).user).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).not.toBeNull();
    expect(redirectNotice(await post(ctx, { intent: "enable", userId: user.id }))).toEqual({ to: "/staff/users", notice: "staff.notice.enabled" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).toBeNull();
    const actions = (await db.auditLog.findMany({ where: { entityId: user.id }, orderBy: { createdAt: "asc" } })).map((a) => [a.actorId, a.action]);
    expect(actions).toEqual([
      [admin.id, "user.disable"],
      [admin.id, "user.enable"],
    ]);
  });

  it("an admin cannot disable themself", async () => {
    const { admin, ctx } = await adminContext();
    const res = await post(ctx, { intent: "disable", userId: admin.id });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ errors: { _form: "staff.cannotDisableSelf" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).disabledAt).toBeNull();
  });

  it("staff who are not admins are refused", async () => {
    const staff = await createUser({ role: "STAFF" });
    const other = await createUser();
    const ctx = context({ user: { id: staff.id, email: staff.email, name: staff.name, role: "STAFF", locale: "da", secondFactor: true } });
    expect((await post(ctx, { intent: "disable", userId: other.id })).status).toBe(403);
    expect((await call(usersLoader, { path: "/staff/users", context: ctx })).status).toBe(403);
    expect((await db.user.findUniqueOrThrow({ where: { id: other.id } })).disabledAt).toBeNull();
  });
});

describe("the audit log", () => {
  it("is newest first, 50 a page, with the actor's name", async () => {
    const admin = await createUser({ role: "ADMIN", name: "Revisor Rita" });
    const base = Date.UTC(2026, 0, 1);
    await db.auditLog.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        actorId: i % 2 ? admin.id : null,
        action: `test.action${i}`,
        entityType: "Thing",
        entityId: `t${i}`,
        createdAt: new Date(base + i * 60_000),
      })),
    });
    const first = await listAuditLog(1);
    expect(first).toMatchObject({ page: 1, pages: 3, total: 120 });
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.entries[0]).toMatchObject({ action: "test.action119", actorName: "Revisor Rita", entityId: "t119" });
    expect(first.entries[1]).toMatchObject({ action: "test.action118", actorName: null });
    const last = await call(auditLoader, {
      path: "/staff/audit?page=3",
      context: context({ user: { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN", locale: "da", secondFactor: true } }),
    });
    const body = last.body as Awaited<ReturnType<typeof listAuditLog>>;
    expect(body.page).toBe(3);
    expect(body.entries).toHaveLength(20);
    expect(body.entries.at(-1)).toMatchObject({ action: "test.action0" });
    expect((await listAuditLog(99)).page).toBe(3);
    expect((await listAuditLog(Number.NaN)).page).toBe(1);
  });
});
