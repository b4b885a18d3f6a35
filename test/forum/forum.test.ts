import { describe, expect, it } from "vitest";
import type { OrganisationState } from "~/generated/prisma/client";
import { sha256Hex } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms.server";
import { deliverDue } from "~/lib/mail-worker.server";
import { runTasks } from "~/lib/scheduled.server";
import { scheduledTasks } from "~/scheduled-tasks.server";
import { lapseUnsignedMembers, sendCharterReminders, signCurrentCharter } from "~/models/charter-signing.server";
import { getCurrentCharter, publishCharterVersion } from "~/models/charter.server";
import { confirmApplication, deleteUnconfirmedApplications, submitApplication } from "~/models/forum-applications.server";
import { acceptContactInvite, inviteContact, removeContact } from "~/models/forum-contacts.server";
import { listApplications, listPublicMembers, resubmitApplication, updateProfile } from "~/models/forum-members.server";
import { decide, transition, transitions, type TransitionName } from "~/models/organisation-states.server";
import { applicationSchema, isValidCvr, isValidPostcode, profileSchema, type ApplicationInput } from "~/models/forum-rules";
import { getActiveMembership, hasActiveMembership, listActiveMemberContacts } from "~/models/membership.server";
import { createActiveMember, createCharterVersion, createOrganisation, createUser } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";

const DAY = 24 * 3600_000;
const smtp = smtpServerForFile();

function form(values: Record<string, string | string[]>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

async function validApplication(overrides: Record<string, string | string[]> = {}): Promise<Record<string, string | string[]>> {
  const charter = (await getCurrentCharter()) ?? (await createCharterVersion());
  return {
    orgName: "Foreningen Fællesskab",
    cvr: "",
    street: "Blågårdsgade 3",
    postcode: "2200",
    city: "København N",
    website: "www.faellesskab.dk",
    districts: ["norrebro", "bispebjerg"],
    description: "Lektiehjælp og fodbold for unge mellem 12 og 18 år.",
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

async function apply(overrides: Record<string, string | string[]> = {}, locale: "da" | "en" = "da") {
  const parsed = parseForm(form(await validApplication(overrides)), applicationSchema);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return submitApplication(parsed.data as ApplicationInput, locale);
}

async function stateOf(id: string) {
  return (await db.organisation.findUniqueOrThrow({ where: { id } })).state;
}

describe("CVR and postcode", () => {
  it("accepts CVR numbers whose modulus-11 check holds and refuses the rest", () => {
    expect(isValidCvr("24256790")).toBe(true); // Novo Nordisk
    expect(isValidCvr("61126228")).toBe(true); // Danske Bank
    expect(isValidCvr("24256791")).toBe(false);
    expect(isValidCvr("61126229")).toBe(false);
    expect(isValidCvr("2425679")).toBe(false);
    expect(isValidCvr("242567900")).toBe(false);
    expect(isValidCvr("04256790")).toBe(false);
    expect(isValidCvr("2425679a")).toBe(false);
  });

  it("accepts Danish four-digit postcodes only", () => {
    for (const ok of ["0800", "1000", "2200", "2999", "9990"]) expect(isValidPostcode(ok)).toBe(true);
    for (const bad of ["0799", "9991", "220", "22000", "22a0", ""]) expect(isValidPostcode(bad)).toBe(false);
  });

  it("the application form refuses a bad CVR beside the field and keeps the input", async () => {
    const parsed = parseForm(form(await validApplication({ cvr: "12345678" })), applicationSchema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.cvr).toBe("forum.err.cvrCheck");
    expect(parsed.values.orgName).toBe("Foreningen Fællesskab");
    const spaced = parseForm(form(await validApplication({ cvr: "2425 6790" })), applicationSchema);
    expect(spaced.ok && spaced.data.cvr).toBe("24256790");
  });
});

describe("applying", () => {
  it("creates an unconfirmed application with the signature as proof and mails a confirmation link in the applicant's language", async () => {
    smtp.clear();
    const result = await apply({}, "en");
    expect(result.ok).toBe(true);
    if (!result.ok || "knownAddress" in result) throw new Error("not a new application");
    const org = await db.organisation.findUniqueOrThrow({ where: { id: result.organisationId }, include: { signatures: { include: { charterVersion: true } }, contacts: { include: { user: true } } } });
    expect(org.state).toBe("UNCONFIRMED");
    expect(org.districts).toBe("norrebro,bispebjerg");
    expect(org.website).toBe("https://www.faellesskab.dk");
    const sig = org.signatures[0]!;
    expect(sig.textSha256).toBe(sha256Hex(`${sig.charterVersion.titleDa}\n\n${sig.charterVersion.textDa}`));
    expect(sig).toMatchObject({ signerName: "Amira Hansen", signerTitle: "Formand", userId: org.contacts[0]!.userId, locale: "da" });
    expect(org.contacts[0]!.user).toMatchObject({ role: "MEMBER", locale: "en", emailVerifiedAt: null });
    // not yet a member, and staff's list does not show it
    expect(await hasActiveMembership(org.contacts[0]!.userId)).toBe(false);
    const applicant = await db.user.findUniqueOrThrow({ where: { id: result.userId } });
    await deliverDue();
    const [mail] = await smtp.waitFor(1, (r) => r.envelope.to.includes(applicant.email));
    expect(mail!.mail.subject).toBe("Confirm your application to the Citizens' forum");
    const link = mail!.mail.text!.match(/\/forum\/confirm\/([\w-]+)/)![1]!;
    expect(await confirmApplication(link)).toBe(true);
    expect(await stateOf(org.id)).toBe("PENDING");
    // single use
    expect(await confirmApplication(link)).toBe(false);
  });

  it("refuses a second application with the same CVR; one with a known email is answered as new, and its owner is mailed", async () => {
    const first = await apply({ cvr: "24256790" });
    expect(first.ok).toBe(true);
    const owner = await db.user.findFirstOrThrow({ where: { id: "userId" in first ? first.userId : "" } });
    expect(await apply({ cvr: "24256790" })).toEqual({ ok: false, errors: { cvr: "forum.err.duplicateCvr" } });
    const users = await db.user.count();
    const organisations = await db.organisation.count();
    expect(await apply({ email: owner.email })).toEqual({ ok: true, knownAddress: true });
    expect(await apply({ email: owner.email.toUpperCase() })).toEqual({ ok: true, knownAddress: true });
    // a member's contact email counts too
    const member = await createActiveMember();
    expect(await apply({ email: member.email })).toEqual({ ok: true, knownAddress: true });
    // nothing was made or changed for them
    expect(await db.user.count()).toBe(users + 1);
    expect(await db.organisation.count()).toBe(organisations + 1);
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash).toBe(owner.passwordHash);
  });

  it("refuses a signature of a version that is no longer current", async () => {
    const old = await validApplication();
    await createCharterVersion();
    const parsed = parseForm(form(old), applicationSchema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(await submitApplication(parsed.data, "da")).toEqual({ ok: false, errors: { _form: "forum.err.charterChanged" } });
  });

  it("refuses a common password beside the field", async () => {
    expect(await apply({ password: "password123" })).toEqual({ ok: false, errors: { password: "auth.passwordCommon" } });
  });

  it("deletes unconfirmed applications after 7 days, and keeps younger and confirmed ones", async () => {
    const now = new Date();
    const old = await createOrganisation({ state: "UNCONFIRMED", createdAt: new Date(now.getTime() - 7 * DAY - 1000) });
    const young = await createOrganisation({ state: "UNCONFIRMED", createdAt: new Date(now.getTime() - 6 * DAY) });
    const pending = await createOrganisation({ state: "PENDING", createdAt: new Date(now.getTime() - 30 * DAY) });
    await deleteUnconfirmedApplications(now);
    expect(await db.organisation.findUnique({ where: { id: old.organisation.id } })).toBeNull();
    expect(await db.user.findUnique({ where: { id: old.user.id } })).toBeNull();
    expect(await db.organisation.findUnique({ where: { id: young.organisation.id } })).not.toBeNull();
    expect(await db.organisation.findUnique({ where: { id: pending.organisation.id } })).not.toBeNull();
  });
});

const ALL_STATES: OrganisationState[] = ["UNCONFIRMED", "PENDING", "NEEDS_INFO", "APPROVED", "REJECTED", "SUSPENDED", "LAPSED", "LEFT"];

// Written out here rather than read from the model, so a change to the model's table fails this test.
const expectedFrom: Record<TransitionName, OrganisationState[]> = {
  approve: ["PENDING"],
  reject: ["PENDING", "NEEDS_INFO"],
  requestInfo: ["PENDING"],
  resubmit: ["NEEDS_INFO"],
  suspend: ["APPROVED", "LAPSED"],
  reinstate: ["SUSPENDED"],
  registerLeft: ["APPROVED", "SUSPENDED", "LAPSED"],
  lapse: ["APPROVED"],
  resign: ["LAPSED"],
};

describe("state transitions", () => {
  it("the model's table is the one we expect", () => {
    expect(Object.fromEntries(Object.entries(transitions).map(([k, v]) => [k, [...v.from]]))).toEqual(expectedFrom);
  });

  for (const action of Object.keys(expectedFrom) as TransitionName[]) {
    it(`${action}: allowed from ${expectedFrom[action].join(", ")} and refused from every other state`, async () => {
      const staff = await createUser({ role: "STAFF" });
      for (const state of ALL_STATES) {
        const { organisation } = await createOrganisation({ state });
        const result = await transition({ organisationId: organisation.id, action, actorId: staff.id }, { message: "En begrundelse" });
        const allowed = expectedFrom[action].includes(state);
        expect(result, `${action} from ${state}`).toEqual(allowed ? { ok: true } : { ok: false, reason: "notAllowed" });
        expect(await stateOf(organisation.id)).toBe(allowed ? transitions[action].to : state);
        const history = await db.forumCaseEvent.count({ where: { organisationId: organisation.id, action } });
        expect(history).toBe(allowed ? 1 : 0);
      }
    });
  }

  it("reject, ask for information and suspend need a message", async () => {
    const staff = await createUser({ role: "STAFF" });
    const { organisation } = await createOrganisation({ state: "PENDING" });
    expect(await decide({ organisationId: organisation.id, action: "reject", actorId: staff.id, message: "  " })).toEqual({ ok: false, reason: "messageRequired" });
    expect(await decide({ organisationId: organisation.id, action: "requestInfo", actorId: staff.id, message: null })).toEqual({ ok: false, reason: "messageRequired" });
    expect(await stateOf(organisation.id)).toBe("PENDING");
    expect(await decide({ organisationId: "does-not-exist", action: "approve", actorId: staff.id })).toEqual({ ok: false, reason: "notFound" });
  });

  it("a decision is audited, kept in the history and mailed to every contact in their own language", async () => {
    smtp.clear();
    const staff = await createUser({ role: "STAFF" });
    const { organisation, user } = await createOrganisation({ state: "PENDING", locale: "en", name: "Ungdomsklubben <b>Vest</b>" });
    const second = await createUser({ role: "MEMBER", locale: "da" });
    await db.organisationContact.create({ data: { organisationId: organisation.id, userId: second.id, title: "Kasserer" } });
    expect(await decide({ organisationId: organisation.id, action: "reject", actorId: staff.id, message: "Organisationen arbejder ikke i København.\n\nVenlig hilsen VINK" })).toEqual({ ok: true });
    const history = await db.forumCaseEvent.findFirstOrThrow({ where: { organisationId: organisation.id, action: "reject" } });
    expect(history).toMatchObject({ actorId: staff.id, fromState: "PENDING", toState: "REJECTED", message: expect.stringContaining("København") });
    expect(await db.auditLog.count({ where: { entityId: organisation.id, action: "forum.reject", actorId: staff.id } })).toBe(1);
    await deliverDue();
    const mails = await smtp.waitFor(2);
    const en = mails.find((m) => m.envelope.to.includes(user.email))!;
    const da = mails.find((m) => m.envelope.to.includes(second.email))!;
    expect(en.mail.subject).toBe("Reply to the application from Ungdomsklubben <b>Vest</b>");
    expect(da.mail.subject).toBe("Svar på ansøgningen fra Ungdomsklubben <b>Vest</b>");
    expect(en.mail.html).toContain("Ungdomsklubben &lt;b&gt;Vest&lt;/b&gt;");
    expect(en.mail.text).toContain("Organisationen arbejder ikke i København.");
  });

  it("two staff members approving at the same time give one approval", async () => {
    smtp.clear();
    const [a, b] = [await createUser({ role: "STAFF" }), await createUser({ role: "STAFF" })];
    const { organisation } = await createOrganisation({ state: "PENDING" });
    const results = await Promise.all([decide({ organisationId: organisation.id, action: "approve", actorId: a.id }), decide({ organisationId: organisation.id, action: "approve", actorId: b.id })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "notAllowed" }]);
    expect(await db.forumCaseEvent.count({ where: { organisationId: organisation.id, action: "approve" } })).toBe(1);
    expect(await db.auditLog.count({ where: { entityId: organisation.id, action: "forum.approve" } })).toBe(1);
    expect(await db.emailOutbox.count({ where: { kind: "forum-approved" , html: { contains: organisation.name } } })).toBe(1);
  });

  it("the ask-for-information loop: the applicant edits and resubmits, and the case returns to review", async () => {
    const staff = await createUser({ role: "STAFF" });
    const { organisation, user } = await createOrganisation({ state: "PENDING" });
    expect(await decide({ organisationId: organisation.id, action: "requestInfo", actorId: staff.id, message: "Hvilke bydele arbejder I i?" })).toEqual({ ok: true });
    expect((await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).stateMessage).toBe("Hvilke bydele arbejder I i?");
    const profile = parseForm(
      form({ orgName: organisation.name, cvr: "", street: "Ny gade 2", postcode: "2400", city: "København NV", website: "", districts: ["bispebjerg", "norrebro"], description: "Det samme" }),
      profileSchema,
    );
    if (!profile.ok) throw new Error(JSON.stringify(profile.errors));
    expect(await resubmitApplication(user.id, profile.data)).toEqual({ ok: true });
    const after = await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } });
    expect(after).toMatchObject({ state: "PENDING", street: "Ny gade 2", districts: "bispebjerg,norrebro", stateMessage: null });
    const entry = await db.forumCaseEvent.findFirstOrThrow({ where: { organisationId: organisation.id, action: "resubmit" } });
    expect(JSON.parse(entry.details!).changed).toEqual(expect.arrayContaining(["street", "postcode", "districts"]));
    // a second resubmit is refused: the case is no longer waiting for the applicant
    expect(await resubmitApplication(user.id, profile.data)).toEqual({ ok: false, reason: "notAllowed" });
  });
});

describe("membership", () => {
  it("only contacts of an approved organisation are members; suspension takes access at once", async () => {
    const staff = await createUser({ role: "STAFF" });
    const member = await createActiveMember();
    expect(await getActiveMembership(member.id)).toEqual({ organisationId: member.organisation.id, organisationName: member.organisation.name });
    expect(await hasActiveMembership(staff.id)).toBe(false);
    for (const state of ["UNCONFIRMED", "PENDING", "NEEDS_INFO", "REJECTED", "SUSPENDED", "LAPSED", "LEFT"] as const) {
      const { user } = await createOrganisation({ state });
      expect(await hasActiveMembership(user.id), state).toBe(false);
    }
    await decide({ organisationId: member.organisation.id, action: "suspend", actorId: staff.id, message: "Brud på charteret" });
    expect(await hasActiveMembership(member.id)).toBe(false);
    await decide({ organisationId: member.organisation.id, action: "reinstate", actorId: staff.id });
    expect(await hasActiveMembership(member.id)).toBe(true);
  });

  it("lists active member contacts, by district, leaving out lapsed and suspended organisations and invited contacts without a password", async () => {
    const a = await createOrganisation({ state: "APPROVED", districts: ["valby"] });
    const b = await createOrganisation({ state: "APPROVED", districts: ["amager-ost", "amager-vest"] });
    const lapsed = await createOrganisation({ state: "LAPSED", districts: ["valby"] });
    const invited = await inviteContact(a.user.id, { contactName: "Ny Kontakt", contactTitle: "Næstformand", email: "ny.kontakt@example.dk", phone: "12345678" }, "da");
    expect(invited.ok).toBe(true);
    const all = await listActiveMemberContacts();
    const ids = all.map((c) => c.userId);
    expect(ids.sort()).toEqual([a.user.id, b.user.id].sort());
    expect(ids).not.toContain(lapsed.user.id);
    expect(all.map((c) => c.email)).not.toContain("ny.kontakt@example.dk");
    const valby = await listActiveMemberContacts({ districts: ["valby"] });
    expect(valby.map((c) => c.userId)).toEqual([a.user.id]);
  });
});

describe("contacts and another organisation's records", () => {
  it("invites a second contact who chooses a password through the link; removing keeps at least one", async () => {
    smtp.clear();
    const member = await createActiveMember();
    const invited = await inviteContact(member.id, { contactName: "Jonas Berg", contactTitle: "Kasserer", email: "jonas.berg@example.dk", phone: "87654321" }, "en");
    expect(invited.ok).toBe(true);
    await deliverDue();
    const [mail] = await smtp.waitFor(1, (r) => r.envelope.to.includes("jonas.berg@example.dk"));
    expect(mail!.mail.subject).toBe(`You are invited as a contact person for ${member.organisation.name}`);
    const token = mail!.mail.text!.match(/\/forum\/join\/([\w-]+)/)![1]!;
    expect(await acceptContactInvite(token, "kort")).toEqual({ ok: false, errors: { password: "auth.passwordTooShort" } });
    const accepted = await acceptContactInvite(token, "en anden lang adgangskode");
    expect(accepted.ok).toBe(true);
    expect(await acceptContactInvite(token, "en anden lang adgangskode")).toEqual({ ok: false, errors: { _form: "forum.err.linkInvalid" } });
    expect(await hasActiveMembership(invited.ok ? invited.userId : "")).toBe(true);
    const contacts = await db.organisationContact.findMany({ where: { organisationId: member.organisation.id } });
    const jonas = contacts.find((c) => c.userId !== member.id)!;
    const me = contacts.find((c) => c.userId === member.id)!;
    expect(await removeContact({ actorId: member.id, contactId: jonas.id })).toMatchObject({ ok: true });
    expect(await db.user.findUnique({ where: { email: "jonas.berg@example.dk" } })).toBeNull();
    expect(await removeContact({ actorId: member.id, contactId: me.id })).toEqual({ ok: false, reason: "lastContact" });
  });

  it("a contact cannot remove or reach another organisation's contacts: not found", async () => {
    const mine = await createActiveMember();
    const theirs = await createActiveMember();
    const second = await inviteContact(theirs.id, { contactName: "Anden", contactTitle: "Medlem", email: "anden@example.dk", phone: "12345678" }, "da");
    expect(second.ok).toBe(true);
    const theirContact = await db.organisationContact.findFirstOrThrow({ where: { organisationId: theirs.organisation.id, userId: theirs.id } });
    expect(await removeContact({ actorId: mine.id, contactId: theirContact.id })).toEqual({ ok: false, reason: "notFound" });
    expect(await db.organisationContact.count({ where: { organisationId: theirs.organisation.id } })).toBe(2);
  });

  it("profile changes are kept for staff to see", async () => {
    const member = await createActiveMember();
    const parsed = parseForm(
      form({ orgName: "Nyt navn", cvr: "", street: "Nørrebrogade 1", postcode: "2200", city: "København N", website: "https://forening.example.dk", districts: "norrebro", description: "Lektiehjælp og fritidsaktiviteter for unge.", publicListing: "on" }),
      profileSchema,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await updateProfile(member.id, parsed.data);
    const org = await db.organisation.findUniqueOrThrow({ where: { id: member.organisation.id } });
    expect(org).toMatchObject({ name: "Nyt navn", publicListing: true });
    const entry = await db.forumCaseEvent.findFirstOrThrow({ where: { organisationId: org.id, action: "profileUpdated" } });
    expect(JSON.parse(entry.details!).changed).toEqual(["name", "publicListing"]);
  });
});

describe("a new charter version", () => {
  it("publish, reminders 14 and 3 days before, lapse after the deadline, re-signing restores access", async () => {
    const t0 = new Date("2027-03-01T09:00:00Z");
    await createCharterVersion({ publishedAt: new Date("2026-01-01T09:00:00Z"), signDeadline: null });
    const signer = await createActiveMember({ locale: "en" });
    const late = await createActiveMember();
    const pending = await createOrganisation({ state: "PENDING" });
    const admin = await createUser({ role: "ADMIN" });

    smtp.clear();
    const published = await publishCharterVersion(admin.id, { titleDa: "Charter v2", titleEn: "Charter v2", textDa: "Ny tekst", textEn: "New text", deadlineDays: 60 }, t0);
    if (!published.ok) throw new Error(JSON.stringify(published.errors));
    const { version } = published;
    expect(version.number).toBe(2);
    expect(version.signDeadline!.getTime()).toBe(t0.getTime() + 60 * DAY);
    const newVersionMails = await db.emailOutbox.findMany({ where: { kind: "forum-charter-new" } });
    expect(newVersionMails.map((m) => m.toAddress).sort()).toEqual([signer.email, late.email].sort());
    expect(newVersionMails.find((m) => m.toAddress === signer.email)!.subject).toContain("New version of the charter");

    // the first member signs in its own language
    const sign = { charterVersionId: version.id, charterLocale: "en" as const, declaration: "on" as const, signerName: "Signe Signer", signerTitle: "Chair", authority: "on" as const };
    expect(await signCurrentCharter(signer.id, sign, new Date(t0.getTime() + DAY))).toEqual({ ok: true });
    const sig = await db.charterSignature.findFirstOrThrow({ where: { organisationId: signer.organisation.id, charterVersionId: version.id } });
    expect(sig.textSha256).toBe(sha256Hex("Charter v2\n\nNew text"));

    const deadline = version.signDeadline!.getTime();
    const reminders = () => db.emailOutbox.findMany({ where: { kind: "forum-charter-reminder" }, orderBy: { createdAt: "asc" } });
    await runTasks(scheduledTasks, new Date(deadline - 15 * DAY));
    expect(await reminders()).toHaveLength(0);
    await runTasks(scheduledTasks, new Date(deadline - 14 * DAY));
    expect((await reminders()).map((m) => m.toAddress)).toEqual([late.email]);
    await runTasks(scheduledTasks, new Date(deadline - 10 * DAY)); // the same reminder is not sent twice
    expect(await reminders()).toHaveLength(1);
    await runTasks(scheduledTasks, new Date(deadline - 3 * DAY));
    await runTasks(scheduledTasks, new Date(deadline - 2 * DAY));
    expect(await reminders()).toHaveLength(2);
    expect(await hasActiveMembership(late.id)).toBe(true);

    // after the deadline: the member that did not sign lapses, the one that signed stays
    await runTasks(scheduledTasks, new Date(deadline + 1000));
    expect(await stateOf(late.organisation.id)).toBe("LAPSED");
    expect(await stateOf(signer.organisation.id)).toBe("APPROVED");
    expect(await stateOf(pending.organisation.id)).toBe("PENDING");
    expect(await hasActiveMembership(late.id)).toBe(false);
    expect((await listActiveMemberContacts()).map((c) => c.userId)).toEqual([signer.id]);
    expect(await db.emailOutbox.count({ where: { kind: "forum-lapsed", toAddress: late.email } })).toBe(1);
    expect(await lapseUnsignedMembers(new Date(deadline + 2 * DAY))).toBe(0);
    expect(await sendCharterReminders(new Date(deadline + 2 * DAY))).toBe(0);

    // re-signing restores access at once
    expect(await signCurrentCharter(late.id, { ...sign, charterLocale: "da", signerName: "Lars Sen", signerTitle: "Formand" }, new Date(deadline + 3 * DAY))).toEqual({ ok: true });
    expect(await stateOf(late.organisation.id)).toBe("APPROVED");
    expect(await hasActiveMembership(late.id)).toBe(true);
    // signing an old version is refused
    const old = await db.charterVersion.findFirstOrThrow({ where: { number: 1 } });
    expect(await signCurrentCharter(signer.id, { ...sign, charterVersionId: old.id })).toEqual({ ok: false, errors: { _form: "forum.err.charterChanged" } });
  });
});

describe("hostile input", () => {
  const hostile = {
    markup: '<script>alert("x")</script><img src=x onerror=alert(1)>',
    crlf: "Navn\r\nBcc: victim@example.dk",
    big: "a".repeat(100_000),
    control: "Navn\u0000\u0007\u001b[31m",
  };
  const oneLine = ["orgName", "street", "city", "contactName", "contactTitle", "signerName", "signerTitle"];

  for (const field of oneLine) {
    it(`${field}: CR/LF, 100 KB and control characters are refused beside the field`, async () => {
      for (const value of [hostile.crlf, hostile.big, hostile.control]) {
        const parsed = parseForm(form(await validApplication({ [field]: value })), applicationSchema);
        expect(parsed.ok, `${field} = ${JSON.stringify(value.slice(0, 30))}`).toBe(false);
        if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual([field]);
      }
    });
  }

  it("other fields refuse hostile values too", async () => {
    for (const [field, value] of [
      ["email", hostile.crlf],
      ["email", "a@b.dk, c@d.dk"],
      ["phone", hostile.markup],
      ["cvr", hostile.markup],
      ["postcode", hostile.big],
      ["website", "javascript:alert(1)"],
      ["website", hostile.crlf],
      ["districts", "<b>"],
      ["description", hostile.big],
      ["description", hostile.control],
      ["declaration", "yes"],
      ["charterLocale", hostile.markup],
      ["password", hostile.big],
    ] as const) {
      const parsed = parseForm(form(await validApplication({ [field]: value })), applicationSchema);
      expect(parsed.ok, `${field} = ${JSON.stringify(value.slice(0, 30))}`).toBe(false);
    }
  });

  it("markup is kept as text, and never reaches a mail header or the HTML unescaped", async () => {
    smtp.clear();
    const result = await apply({ orgName: hostile.markup, contactName: `${hostile.markup} Hansen`, description: `${hostile.markup}\n\nLinje to` });
    expect(result.ok).toBe(true);
    const applicant = await db.user.findUniqueOrThrow({ where: { id: "userId" in result ? result.userId : "" } });
    await deliverDue();
    const [mail] = await smtp.waitFor(1, (r) => r.envelope.to.includes(applicant.email));
    const headers = mail!.raw.split(/\r\n\r\n/)[0]!;
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(mail!.mail.html).not.toContain("<script>");
    expect(mail!.mail.html).toContain("&lt;script&gt;");
    expect(mail!.mail.subject).toBe("Bekræft din ansøgning til Medborgerforum");
  });
});

describe("lists", () => {
  it("staff see applications by state, newest first, with counts and the version each organisation signed", async () => {
    const older = await createOrganisation({ state: "PENDING", createdAt: new Date(Date.now() - 3 * DAY) });
    const newer = await createOrganisation({ state: "PENDING", signed: false });
    const unconfirmed = await createOrganisation({ state: "UNCONFIRMED" });
    const { counts, organisations, currentVersion } = await listApplications("PENDING");
    const ids0 = (list: { id: string }[]) => list.map((o) => o.id);
    expect(counts.PENDING).toBe(2);
    // unconfirmed applications are listed for staff too (issue 9 item 6), in a tab of their own
    expect(counts.UNCONFIRMED).toBe(1);
    expect(ids0(organisations)).not.toContain(unconfirmed.organisation.id);
    expect(ids0(organisations)).toEqual([newer.organisation.id, older.organisation.id]);
    expect(organisations.find((o) => o.id === older.organisation.id)!.signedVersion).toBe(currentVersion);
    expect(organisations.find((o) => o.id === newer.organisation.id)!.signedVersion).toBeNull();
  });

  it("the public list shows only approved members that chose to be listed", async () => {
    const listed = await createOrganisation({ state: "APPROVED", publicListing: true });
    const unlisted = await createOrganisation({ state: "APPROVED" });
    const suspended = await createOrganisation({ state: "SUSPENDED", publicListing: true });
    const ids = (await listPublicMembers()).map((m) => m.id);
    expect(ids).toEqual([listed.organisation.id]);
    expect(ids).not.toContain(unlisted.organisation.id);
    expect(ids).not.toContain(suspended.organisation.id);
  });
});
