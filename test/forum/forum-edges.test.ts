import { describe, expect, it } from "vitest";
import type { OrganisationState } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms.server";
import { getCurrentCharter, membersToResign, publishCharterVersion } from "~/models/charter.server";
import { confirmApplication, correctApplicantEmail, parseApplication, peekConfirmation, resendConfirmation, resendConfirmationByStaff, submitApplication } from "~/models/forum-applications.server";
import { listApplications } from "~/models/forum-members.server";
import { decide, transition, type StaffAction, type TransitionName } from "~/models/organisation-states.server";
import { applicationSchema, cvrProblem, type ApplicationInput } from "~/models/forum-rules";
import { deliverAll } from "../events/mail-support";
import { createCharterVersion, createOrganisation, createUser } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";

/** Issue 9 item 6: the forum's rough edges (docs/decisions/0029-forum-edges.md). */
const smtp = smtpServerForFile();
const DAY = 24 * 3600_000;

function form(values: Record<string, string | string[]>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

async function application(overrides: Record<string, string | string[]> = {}) {
  const charter = (await getCurrentCharter()) ?? (await createCharterVersion());
  return {
    orgName: "Foreningen Fællesskab",
    cvr: "",
    street: "Blågårdsgade 3",
    postcode: "2200",
    city: "København N",
    website: "",
    districts: ["norrebro"],
    description: "Lektiehjælp for unge.",
    contactName: "Amira Hansen",
    contactTitle: "Formand",
    email: `amira-${Math.random().toString(36).slice(2, 8)}@example.dk`,
    phone: "+45 12 34 56 78",
    password: "en lang og god adgangskode",
    charterVersionId: charter.id,
    charterLocale: "da",
    declaration: "on",
    signerName: "Amira Hansen",
    signerTitle: "Formand",
    authority: "on",
    ...overrides,
  };
}

/** Delivers the outbox through the real SMTP server and returns what reached `to`. */
async function mailsTo(to: string) {
  await deliverAll();
  return smtp.received.filter((r) => r.envelope.to.includes(to));
}

function linkIn(text: string) {
  return /http:\/\/localhost:3999(\/\S*)/.exec(text)?.[1] ?? null;
}

function tokenIn(text: string) {
  return /\/forum\/confirm\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? null;
}

describe("every transition of the forum's state machine: its history entry and its mail", () => {
  // Written out, not read from the model: the state before, the action, the state after, and the mail (Danish
  // subject and the path of its link) or null for none.
  type Case = { action: TransitionName; from: OrganisationState; to: OrganisationState; subject: string | null; link: string | null; message?: string };
  const cases: Case[] = [
    { action: "approve", from: "PENDING", to: "APPROVED", subject: "Velkommen i Medborgerforum, {org}", link: "/member" },
    { action: "reject", from: "PENDING", to: "REJECTED", subject: "Svar på ansøgningen fra {org}", link: "/forum/application", message: "Begrundelse" },
    { action: "reject", from: "NEEDS_INFO", to: "REJECTED", subject: "Svar på ansøgningen fra {org}", link: "/forum/application", message: "Begrundelse" },
    { action: "requestInfo", from: "PENDING", to: "NEEDS_INFO", subject: "Vi mangler oplysninger fra {org}", link: "/forum/application", message: "Hvilke bydele?" },
    { action: "resubmit", from: "NEEDS_INFO", to: "PENDING", subject: null, link: null },
    { action: "suspend", from: "APPROVED", to: "SUSPENDED", subject: "Medlemskabet af Medborgerforum er suspenderet", link: "/forum/application", message: "Brud" },
    { action: "suspend", from: "LAPSED", to: "SUSPENDED", subject: "Medlemskabet af Medborgerforum er suspenderet", link: "/forum/application", message: "Brud" },
    { action: "reinstate", from: "SUSPENDED", to: "APPROVED", subject: "Medlemskabet af Medborgerforum er genoptaget", link: "/member" },
    { action: "registerLeft", from: "APPROVED", to: "LEFT", subject: "Udmeldelse af Medborgerforum", link: "/forum/application" },
    { action: "registerLeft", from: "SUSPENDED", to: "LEFT", subject: "Udmeldelse af Medborgerforum", link: "/forum/application" },
    { action: "registerLeft", from: "LAPSED", to: "LEFT", subject: "Udmeldelse af Medborgerforum", link: "/forum/application" },
    { action: "lapse", from: "APPROVED", to: "LAPSED", subject: "Medlemskabet er sat i bero: charteret mangler underskrift", link: "/forum/application" },
    { action: "resign", from: "LAPSED", to: "APPROVED", subject: null, link: null },
  ];
  const staffActions = ["approve", "reject", "requestInfo", "suspend", "reinstate", "registerLeft"];

  for (const c of cases) {
    it(`${c.action} from ${c.from}: history ${c.from} → ${c.to}, ${c.subject ? "one mail" : "no mail"}`, async () => {
      const staff = await createUser({ role: "STAFF" });
      const { organisation, user } = await createOrganisation({ state: c.from });
      const result = staffActions.includes(c.action)
        ? await decide({ organisationId: organisation.id, action: c.action as StaffAction, actorId: staff.id, message: c.message ?? null })
        : await transition({ organisationId: organisation.id, action: c.action, actorId: c.action === "lapse" ? null : user.id });
      expect(result).toEqual({ ok: true });
      const after = await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } });
      expect(after.state).toBe(c.to);
      const history = await db.forumCaseEvent.findMany({ where: { organisationId: organisation.id } });
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ action: c.action, fromState: c.from, toState: after.state });
      const mails = await mailsTo(user.email);
      if (!c.subject) {
        expect(mails).toHaveLength(0);
        return;
      }
      expect(mails).toHaveLength(1);
      expect(mails[0]!.mail.subject).toBe(c.subject.replace("{org}", organisation.name));
      expect(linkIn(mails[0]!.mail.text ?? "")).toBe(c.link);
    });
  }

  it("applied: a new application is UNCONFIRMED with a confirmation mail; confirming moves it to PENDING without one", async () => {
    const values = await application();
    const parsed = parseForm(form(values), applicationSchema);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const result = await submitApplication(parsed.data as ApplicationInput, "da");
    if (!result.ok || !("organisationId" in result)) throw new Error("not applied");
    const applied = await db.forumCaseEvent.findMany({ where: { organisationId: result.organisationId } });
    expect(applied).toEqual([expect.objectContaining({ action: "applied", fromState: null, toState: "UNCONFIRMED" })]);
    const [mail, ...more] = await mailsTo(values.email as string);
    expect(more).toHaveLength(0);
    expect(mail!.mail.subject).toBe("Bekræft din ansøgning til Medborgerforum");
    const token = tokenIn(mail!.mail.text ?? "")!;
    expect(await confirmApplication(token)).toBe(true);
    const confirmed = await db.forumCaseEvent.findFirstOrThrow({ where: { organisationId: result.organisationId, action: "confirmed" } });
    expect(confirmed).toMatchObject({ fromState: "UNCONFIRMED", toState: "PENDING" });
    expect((await db.organisation.findUniqueOrThrow({ where: { id: result.organisationId } })).state).toBe("PENDING");
    expect(await mailsTo(values.email as string)).toHaveLength(1);
  });

  it("reinstating a member that missed the charter deadline while suspended: history SUSPENDED → LAPSED, and the mail says sign, with no member-area link", async () => {
    const staff = await createUser({ role: "STAFF" });
    const { organisation, user } = await createOrganisation({ state: "SUSPENDED" });
    // a new version whose deadline has passed, which this organisation never signed
    const last = await getCurrentCharter();
    await createCharterVersion({ number: (last?.number ?? 0) + 1, publishedAt: new Date(Date.now() - 90 * DAY), signDeadline: new Date(Date.now() - DAY) });
    expect(await decide({ organisationId: organisation.id, action: "reinstate", actorId: staff.id })).toEqual({ ok: true });
    expect((await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).state).toBe("LAPSED");
    const history = await db.forumCaseEvent.findMany({ where: { organisationId: organisation.id } });
    expect(history).toEqual([expect.objectContaining({ action: "reinstate", fromState: "SUSPENDED", toState: "LAPSED" })]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: organisation.id, action: "forum.reinstate" } });
    expect(JSON.parse(audit.details!)).toEqual({ from: "SUSPENDED", to: "LAPSED" });
    const mails = await mailsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.mail.subject).toBe("Suspenderingen er ophævet: charteret mangler underskrift");
    expect(mails[0]!.mail.text).not.toContain("/member");
    expect(linkIn(mails[0]!.mail.text ?? "")).toBe("/forum/application");
  });
});

describe("the CVR message", () => {
  it("tells 'not 8 digits' from 'the check digit does not add up'", async () => {
    expect(cvrProblem("24256790")).toBeNull();
    for (const format of ["2425679", "242567900", "04256790", "2425679a", "CVR"]) expect(cvrProblem(format), format).toBe("forum.err.cvrFormat");
    for (const typo of ["24256791", "24256709", "61126229"]) expect(cvrProblem(typo), typo).toBe("forum.err.cvrCheck");
    const short = parseForm(form(await application({ cvr: "1234 567" })), applicationSchema);
    const typo = parseForm(form(await application({ cvr: "2425 6791" })), applicationSchema);
    expect(!short.ok && short.errors.cvr).toBe("forum.err.cvrFormat");
    expect(!typo.ok && typo.errors.cvr).toBe("forum.err.cvrCheck");
  });
});

describe("the application checks everything in one pass", () => {
  it("reports the password's rules beside every other error, and keeps all input but the password", async () => {
    const result = await parseApplication(form(await application({ orgName: "", email: "ikke en adresse", cvr: "24256791", password: "kort", declaration: [] })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      orgName: "form.required",
      email: "form.invalidEmail",
      cvr: "forum.err.cvrCheck",
      password: "auth.passwordTooShort",
      declaration: "forum.err.declaration",
    });
    expect(result.values).toMatchObject({ email: "ikke en adresse", street: "Blågårdsgade 3", description: "Lektiehjælp for unge." });
    expect(result.values).not.toHaveProperty("password");
  });

  it("a common password and a known CVR are reported with the other errors too", async () => {
    await createOrganisation({ state: "APPROVED", cvr: "24256790" });
    const result = await parseApplication(form(await application({ city: "", cvr: "24256790", password: "password123" })));
    expect(!result.ok && result.errors).toMatchObject({ city: "form.required", cvr: "forum.err.duplicateCvr", password: "auth.passwordCommon" });
    const fine = await parseApplication(form(await application()));
    expect(fine.ok).toBe(true);
  });
});

describe("unconfirmed applications", () => {
  async function unconfirmed() {
    const values = await application();
    const parsed = parseForm(form(values), applicationSchema);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const result = await submitApplication(parsed.data as ApplicationInput, "da");
    if (!result.ok || !("organisationId" in result)) throw new Error("not applied");
    const [first] = await mailsTo(values.email as string);
    return { organisationId: result.organisationId, email: values.email as string, token: tokenIn(first!.mail.text ?? "")! };
  }

  it("are listed for staff in a tab of their own", async () => {
    const { organisationId } = await unconfirmed();
    const list = await listApplications("UNCONFIRMED");
    expect(list.organisations.map((o) => o.id)).toEqual([organisationId]);
    expect(list.counts.UNCONFIRMED).toBe(1);
  });

  it("the applicant's resend mails a new link and the old one stops working; other addresses get nothing", async () => {
    const app = await unconfirmed();
    expect(await resendConfirmation(app.email.toUpperCase())).toBe(true);
    const mails = await mailsTo(app.email);
    expect(mails).toHaveLength(2);
    const fresh = tokenIn(mails[1]!.mail.text ?? "")!;
    expect(fresh).not.toBe(app.token);
    expect(await peekConfirmation(app.token)).toBeNull();
    expect(await peekConfirmation(fresh)).not.toBeNull();

    // a confirmed application, an account that is no applicant, and an unknown address: nothing sent
    const member = await createOrganisation({ state: "APPROVED" });
    const staff = await createUser({ role: "STAFF" });
    for (const email of [member.user.email, staff.email, "ukendt@example.dk"]) {
      expect(await resendConfirmation(email)).toBe(false);
      expect(await mailsTo(email)).toHaveLength(0);
    }
  });

  it("staff resend the confirmation (audited)", async () => {
    const staff = await createUser({ role: "STAFF" });
    const app = await unconfirmed();
    expect(await resendConfirmationByStaff({ organisationId: app.organisationId, actorId: staff.id })).toEqual({ ok: true });
    expect(await mailsTo(app.email)).toHaveLength(2);
    expect(await peekConfirmation(app.token)).toBeNull();
    expect(await db.auditLog.count({ where: { entityId: app.organisationId, action: "forum.resendConfirmation", actorId: staff.id } })).toBe(1);
    // a confirmed application is no longer staff's to resend
    const pending = await createOrganisation({ state: "PENDING" });
    expect(await resendConfirmationByStaff({ organisationId: pending.organisation.id, actorId: staff.id })).toEqual({ ok: false, reason: "notAllowed" });
  });

  it("staff correct the address: audited with both, the new address is mailed, the old address's link stops working", async () => {
    const staff = await createUser({ role: "STAFF" });
    const app = await unconfirmed();
    const corrected = `rettet-${Math.random().toString(36).slice(2, 8)}@example.dk`;
    expect(await correctApplicantEmail({ organisationId: app.organisationId, actorId: staff.id }, corrected)).toEqual({ ok: true });
    expect(await peekConfirmation(app.token)).toBeNull();
    const [mail, ...more] = await mailsTo(corrected);
    expect(more).toHaveLength(0);
    expect(mail!.mail.subject).toBe("Bekræft din ansøgning til Medborgerforum");
    expect(await mailsTo(app.email)).toHaveLength(1); // only the first, mistyped one
    const contact = await db.organisationContact.findFirstOrThrow({ where: { organisationId: app.organisationId }, include: { user: true } });
    expect(contact.user.email).toBe(corrected);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: app.organisationId, action: "forum.correctEmail" } });
    expect(audit.actorId).toBe(staff.id);
    expect(JSON.parse(audit.details!)).toEqual({ from: app.email, to: corrected });
    expect(await confirmApplication(tokenIn(mail!.mail.text ?? "")!)).toBe(true);
    // an address another user has is refused beside the field
    const other = await unconfirmed();
    expect(await correctApplicantEmail({ organisationId: other.organisationId, actorId: staff.id }, staff.email)).toEqual({ ok: false, reason: "invalid", errors: { email: "forum.err.emailTaken" } });
  });
});

describe("publishing the charter", () => {
  it("refuses a text identical to the current one, white space aside, and counts the members who will be asked to sign", async () => {
    const admin = await createUser({ role: "ADMIN" });
    await createCharterVersion();
    const current = (await getCurrentCharter())!;
    const same = {
      titleDa: ` ${current.titleDa} `,
      titleEn: current.titleEn,
      textDa: current.textDa.replace(/ /g, "  ").replace(/\n/g, "\r\n"),
      textEn: `${current.textEn}\n\n`,
      deadlineDays: 60,
    };
    expect(await publishCharterVersion(admin.id, same)).toEqual({ ok: false, errors: { _form: "forum.err.charterUnchanged" } });
    expect(await db.charterVersion.count()).toBe(1);
    expect(await db.emailOutbox.count({ where: { kind: "forum-charter-new" } })).toBe(0);

    expect(await membersToResign()).toBe(0);
    await createOrganisation({ state: "APPROVED" });
    await createOrganisation({ state: "APPROVED" });
    await createOrganisation({ state: "LAPSED" });
    expect(await membersToResign()).toBe(2);
    const changed = await publishCharterVersion(admin.id, { ...same, textEn: `${current.textEn} One more sentence.` });
    expect(changed.ok).toBe(true);
    expect(await db.charterVersion.count()).toBe(2);
    expect(await db.emailOutbox.count({ where: { kind: "forum-charter-new" } })).toBe(2);
  });
});
