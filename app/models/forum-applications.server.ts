import { audit } from "~/lib/audit.server";
import { db, type Db } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors.server";
import { normaliseEmail } from "~/lib/field-rules";
import { parseForm, type FieldErrors } from "~/lib/forms.server";
import { localeOf, type Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { hashPassword, passwordProblem } from "~/lib/password.server";
import { consumeToken, issueToken, peekToken } from "~/lib/tokens.server";
import { urls } from "~/lib/urls.server";
import { forumApplyKnownEmail } from "#emails/forum-apply-known";
import { forumConfirmEmail } from "#emails/forum-confirm";
import { renderEmail } from "#emails/render";
import { DAY, getCurrentCharter, signatureData } from "./charter.server";
import { applicationSchema, cvrProblem, organisationData, type ApplicationInput } from "./forum-rules";

/**
 * Applying to the medborgerforum: the application (organisation, contact, signature), the confirmation mail and its
 * link, staff resending or correcting it, and unconfirmed applications deleted after a week.
 */

export const UNCONFIRMED_KEEP_DAYS = 7;

// ---------- applying ----------

type ApplyResult =
  | { ok: true; organisationId: string; userId: string }
  /** the address already has an account: the applicant sees what anyone sees, its owner gets a mail */
  | { ok: true; knownAddress: true }
  | { ok: false; errors: FieldErrors };

/**
 * A new application: the organisation (unconfirmed), its contact (a user with the chosen password), the signature
 * of the current charter as proof, and a confirmation mail. Refused when the same CVR is known (the CVR register is
 * public). An email that already has an account is answered exactly as a new one, so the form tells nobody which
 * addresses are known; the account's owner is told by mail instead, with how to sign in or choose a new password.
 */
export async function submitApplication(input: ApplicationInput, locale: Locale, now = new Date()): Promise<ApplyResult> {
  const problem = passwordProblem(input.password);
  if (problem) return { ok: false, errors: { password: problem } };
  if (input.cvr && (await db.organisation.findFirst({ where: { cvr: input.cvr, state: { not: "LEFT" } }, select: { id: true } }))) {
    return { ok: false, errors: { cvr: "forum.err.duplicateCvr" } };
  }
  // hashed whether or not the address is known, so both answers take as long
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const version = await tx.charterVersion.findUnique({ where: { id: input.charterVersionId } });
      const current = await getCurrentCharter(tx);
      if (!version || !current || version.id !== current.id) return { ok: false as const, errors: { _form: "forum.err.charterChanged" } };
      const known = await tx.user.findUnique({ where: { email: input.email } });
      if (known) {
        await tellKnownAddress(tx, known, now);
        return { ok: true as const, knownAddress: true as const };
      }
      const user = await tx.user.create({
        data: { email: input.email, name: input.contactName, role: "MEMBER", passwordHash, locale },
      });
      const org = await tx.organisation.create({
        data: { ...organisationData(input), state: "UNCONFIRMED", createdAt: now },
      });
      await tx.organisationContact.create({
        data: { organisationId: org.id, userId: user.id, title: input.contactTitle, phone: input.phone },
      });
      await tx.charterSignature.create({ data: signatureData({ organisationId: org.id, userId: user.id }, version, input, now) });
      await tx.forumCaseEvent.create({
        data: { organisationId: org.id, actorId: user.id, action: "applied", toState: "UNCONFIRMED", createdAt: now },
      });
      await mailConfirmation(tx, user, org.name, now);
      return { ok: true as const, organisationId: org.id, userId: user.id };
    });
  } catch (error) {
    // two submissions with the same email at once: the slower one meets the unique index, and is a known address
    if (!isUniqueViolation(error)) throw error;
    const known = await db.user.findUnique({ where: { email: input.email } });
    if (!known) throw error;
    await tellKnownAddress(db, known, now);
    return { ok: true, knownAddress: true };
  }
}

/**
 * Reads the application form and reports every problem in one pass: the schema's, the password rules and a CVR
 * that is already known, so nobody fixes one set of errors only to meet the next.
 */
export async function parseApplication(form: FormData) {
  const parsed = parseForm(form, applicationSchema);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const password = form.get("password");
  if (!errors.password) {
    const problem = passwordProblem(typeof password === "string" ? password : "");
    if (problem) errors.password = problem;
  }
  const cvr = String(form.get("cvr") ?? "").replace(/\s/g, "");
  if (!errors.cvr && cvr && cvrProblem(cvr) === null && (await db.organisation.findFirst({ where: { cvr, state: { not: "LEFT" } }, select: { id: true } }))) {
    errors.cvr = "forum.err.duplicateCvr";
  }
  if (parsed.ok && Object.keys(errors).length === 0) return parsed;
  return { ok: false as const, errors, values: parsed.values };
}

/** A new confirmation link for an applicant, by mail in their language; issuing it makes any earlier link unusable. */
async function mailConfirmation(tx: Db, user: { id: string; email: string; name: string; locale: string }, organisationName: string, now: Date) {
  const token = await issueToken(tx, user.id, "EMAIL_CONFIRM", now);
  const mail = renderEmail(forumConfirmEmail, localeOf(user.locale), {
    name: user.name,
    organisationName,
    url: urls.forumConfirm(token),
    keepDays: UNCONFIRMED_KEEP_DAYS,
  });
  await queueEmail(tx, { kind: "forum-confirm", dedupeKey: `forum-confirm:${user.id}:${now.getTime()}`, to: user.email, toName: user.name, ...mail });
}

/** The unconfirmed application whose contact has this address, or null (confirmed, unknown, or any other state). */
async function unconfirmedByEmail(tx: Db, email: string) {
  const user = await tx.user.findUnique({
    where: { email: normaliseEmail(email) },
    include: { forumContact: { include: { organisation: { select: { id: true, name: true, state: true } } } } },
  });
  if (!user || user.emailVerifiedAt || user.forumContact?.organisation.state !== "UNCONFIRMED") return null;
  return { user, organisation: user.forumContact.organisation };
}

/**
 * The applicant asks for the confirmation mail again (from /forum/applied). Sends only when an application at this
 * address still waits for confirmation; the caller answers the same either way, so the page tells nobody anything.
 */
export async function resendConfirmation(email: string, now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const found = await unconfirmedByEmail(tx, email);
    if (!found) return false;
    await mailConfirmation(tx, found.user, found.organisation.name, now);
    await tx.forumCaseEvent.create({ data: { organisationId: found.organisation.id, actorId: found.user.id, action: "confirmationResent", createdAt: now } });
    return true;
  });
}

async function unconfirmedForStaff(tx: Db, organisationId: string) {
  const org = await tx.organisation.findUnique({
    where: { id: organisationId },
    select: { id: true, name: true, state: true, contacts: { include: { user: true }, orderBy: { createdAt: "asc" }, take: 1 } },
  });
  const user = org?.contacts[0]?.user;
  if (!org || !user) return { ok: false as const, reason: "notFound" as const };
  if (org.state !== "UNCONFIRMED" || user.emailVerifiedAt) return { ok: false as const, reason: "notAllowed" as const };
  return { ok: true as const, org, user };
}

/** Staff send an unconfirmed application's confirmation mail again (audited, in the case history). */
export async function resendConfirmationByStaff({ organisationId, actorId }: { organisationId: string; actorId: string }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const found = await unconfirmedForStaff(tx, organisationId);
    if (!found.ok) return found;
    await mailConfirmation(tx, found.user, found.org.name, now);
    await tx.forumCaseEvent.create({ data: { organisationId, actorId, action: "confirmationResent", createdAt: now } });
    await audit(tx, { actorId, action: "forum.resendConfirmation", entityType: "Organisation", entityId: organisationId });
    return { ok: true as const };
  });
}

/**
 * Staff correct the address of an unconfirmed application (the applicant mistyped it, and called): the contact's
 * address changes, the old link stops working, and a new confirmation mail goes to the new address. Audited with both.
 */
export async function correctApplicantEmail(
  { organisationId, actorId }: { organisationId: string; actorId: string },
  email: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; reason: "notFound" | "notAllowed" } | { ok: false; reason: "invalid"; errors: FieldErrors }> {
  try {
    return await db.$transaction(async (tx) => {
      const found = await unconfirmedForStaff(tx, organisationId);
      if (!found.ok) return found;
      if (email === found.user.email) return { ok: false as const, reason: "invalid" as const, errors: { email: "forum.err.emailSame" } };
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
        return { ok: false as const, reason: "invalid" as const, errors: { email: "forum.err.emailTaken" } };
      }
      const user = await tx.user.update({ where: { id: found.user.id }, data: { email } });
      // issuing the new link deletes the old one, so the mistyped address's mail is useless from now on
      await mailConfirmation(tx, user, found.org.name, now);
      await tx.forumCaseEvent.create({ data: { organisationId, actorId, action: "emailCorrected", createdAt: now } });
      await audit(tx, { actorId, action: "forum.correctEmail", entityType: "Organisation", entityId: organisationId, details: { from: found.user.email, to: email } });
      return { ok: true as const };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ok: false, reason: "invalid", errors: { email: "forum.err.emailTaken" } };
  }
}

/** The mail to an account's owner whose address someone applied with (in the owner's language, not the applicant's). */
async function tellKnownAddress(tx: Db, user: { id: string; email: string; name: string; locale: string }, now: Date) {
  const mail = renderEmail(forumApplyKnownEmail, localeOf(user.locale), {
    name: user.name,
    loginUrl: urls.login(),
    resetUrl: urls.forgotPassword(),
  });
  await queueEmail(tx, { kind: "forum-apply-known", dedupeKey: `forum-apply-known:${user.id}:${now.getTime()}`, to: user.email, toName: user.name, ...mail });
}

/** The token from the confirmation mail, without using it (for the page that shows the confirm button). */
export async function peekConfirmation(token: string, now = new Date()) {
  const found = await peekToken(db, token, "EMAIL_CONFIRM", now);
  if (!found) return null;
  const contact = await db.organisationContact.findUnique({ where: { userId: found.userId }, include: { organisation: { select: { name: true } } } });
  return contact ? { organisationName: contact.organisation.name } : null;
}

/** The contact confirms the email address: the application now reaches staff. Single use. */
export async function confirmApplication(token: string, now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "EMAIL_CONFIRM", now);
    if (!userId) return false;
    await tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: now } });
    const contact = await tx.organisationContact.findUnique({ where: { userId } });
    if (!contact) return false;
    const { count } = await tx.organisation.updateMany({
      where: { id: contact.organisationId, state: "UNCONFIRMED" },
      data: { state: "PENDING", confirmedAt: now },
    });
    if (count === 1) {
      await tx.forumCaseEvent.create({
        data: { organisationId: contact.organisationId, actorId: userId, action: "confirmed", fromState: "UNCONFIRMED", toState: "PENDING", createdAt: now },
      });
    }
    return true;
  });
}

/** Unconfirmed applications older than 7 days go, with their contact users. */
export async function deleteUnconfirmedApplications(now = new Date()) {
  const cutoff = new Date(now.getTime() - UNCONFIRMED_KEEP_DAYS * DAY);
  const stale = await db.organisation.findMany({
    where: { state: "UNCONFIRMED", createdAt: { lte: cutoff } },
    select: { id: true, contacts: { select: { userId: true } } },
  });
  for (const org of stale) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.organisation.deleteMany({ where: { id: org.id, state: "UNCONFIRMED" } });
      if (count) await tx.user.deleteMany({ where: { id: { in: org.contacts.map((c) => c.userId) }, role: "MEMBER" } });
    });
  }
  return stale.length;
}
