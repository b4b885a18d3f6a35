import type { ScheduledTask } from "~/lib/scheduled.server";
import type { CharterVersion, OrganisationState, Prisma } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { endAllSessions } from "~/lib/auth.server";
import { sha256Hex } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { parseForm, type FieldErrors } from "~/lib/forms.server";
import { formatDate, localeOf, type Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { hashPassword, passwordProblem } from "~/lib/password.server";
import { consumeToken, issueToken, peekToken } from "~/lib/tokens.server";
import { renderEmail } from "../../emails/render";
import { forumApplyKnownEmail } from "../../emails/forum-apply-known";
import { forumCaseEmail, type ForumCaseKind } from "../../emails/forum-case";
import { forumCharterEmail } from "../../emails/forum-charter";
import { forumConfirmEmail } from "../../emails/forum-confirm";
import { forumContactInviteEmail } from "../../emails/forum-contact-invite";
import { applicationSchema, cvrProblem, DEFAULT_DEADLINE_DAYS, STAFF_STATES, type ApplicationInput, type InviteContactInput, type ProfileInput, type PublishCharterInput, type SignatureInput } from "./forum-rules";

/**
 * The medborgerforum: organisations apply and sign the charter, staff review, members keep their profile and
 * contacts, and sign each new charter version by its deadline. Every state change is a conditional update (the
 * state it must come from is in the WHERE), in one transaction with its history entry, audit entry and mail.
 */

const DAY = 24 * 3600_000;
export const UNCONFIRMED_KEEP_DAYS = 7;
export const REMINDER_DAYS = [14, 3] as const;

// ---------- the charter ----------

export function getCurrentCharter(tx: Db = db): Promise<CharterVersion | null> {
  return tx.charterVersion.findFirst({ orderBy: { number: "desc" } });
}

export function charterIn(version: Pick<CharterVersion, "titleDa" | "titleEn" | "textDa" | "textEn">, locale: Locale) {
  return locale === "en" ? { title: version.titleEn, text: version.textEn } : { title: version.titleDa, text: version.textDa };
}

/** The SHA-256 of exactly what the signer was shown: the title, a blank line, the text. */
export function charterHash(version: Pick<CharterVersion, "titleDa" | "titleEn" | "textDa" | "textEn">, locale: Locale) {
  const { title, text } = charterIn(version, locale);
  return sha256Hex(`${title}\n\n${text}`);
}

/** The current charter as a page shows it: in the page's language, with what the signature form needs. */
export async function currentCharterFor(locale: Locale) {
  const version = await getCurrentCharter();
  if (!version) return null;
  const { title, text } = charterIn(version, locale);
  return { id: version.id, number: version.number, locale, title, text, publishedAt: version.publishedAt };
}

export function listCharterVersions() {
  return db.charterVersion.findMany({
    orderBy: { number: "desc" },
    include: { publishedBy: { select: { name: true } }, _count: { select: { signatures: true } } },
  });
}

/** Text compared for "the same charter": runs of white space (line breaks included) count as one space, ends trimmed. */
function normalisedText(text: string) {
  return text.replace(/\s+/gu, " ").trim();
}

/** Whether the input says exactly what the version says, in both languages, white space aside. */
export function sameCharterText(version: Pick<CharterVersion, "titleDa" | "titleEn" | "textDa" | "textEn">, input: Pick<PublishCharterInput, "titleDa" | "titleEn" | "textDa" | "textEn">) {
  return (["titleDa", "titleEn", "textDa", "textEn"] as const).every((k) => normalisedText(version[k]) === normalisedText(input[k]));
}

/** The members a new version would ask to sign: every approved organisation (the ones that are mailed). */
export function membersToResign(tx: Db = db) {
  return tx.organisation.count({ where: { state: "APPROVED" } });
}

export type PublishResult = { ok: true; version: CharterVersion } | { ok: false; errors: FieldErrors };

/**
 * An admin publishes a new version: it becomes current, and every approved member is told and must sign by the
 * deadline. A text identical to the current version's is refused: it would ask every member to sign the same again.
 */
export async function publishCharterVersion(actorId: string, input: PublishCharterInput, now = new Date()): Promise<PublishResult> {
  return db.$transaction(async (tx) => {
    const current = await getCurrentCharter(tx);
    if (current && sameCharterText(current, input)) return { ok: false as const, errors: { _form: "forum.err.charterUnchanged" } };
    const last = current ? { number: current.number } : null;
    const version = await tx.charterVersion.create({
      data: {
        number: (last?.number ?? 0) + 1,
        titleDa: input.titleDa,
        titleEn: input.titleEn,
        textDa: input.textDa,
        textEn: input.textEn,
        publishedAt: now,
        publishedById: actorId,
        signDeadline: new Date(now.getTime() + (input.deadlineDays ?? DEFAULT_DEADLINE_DAYS) * DAY),
      },
    });
    await audit(tx, { actorId, action: "charter.publish", entityType: "CharterVersion", entityId: version.id, details: { number: version.number } });
    const members = await tx.organisation.findMany({ where: { state: "APPROVED" }, select: { id: true, name: true } });
    for (const org of members) {
      await mailContacts(tx, org.id, (contact) => ({
        template: forumCharterEmail,
        props: { kind: "newVersion" as const, name: contact.name, organisationName: org.name, number: version.number, deadline: formatDate(contact.locale, version.signDeadline!, "date"), url: `${env().APP_URL}/member/charter` },
        kind: "forum-charter-new",
        dedupeKey: `forum-charter-new:${version.id}:${contact.userId}`,
      }));
    }
    return { ok: true as const, version };
  });
}

// ---------- applying ----------

export type ApplyResult =
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
      await tx.charterSignature.create({ data: signatureData(org.id, user.id, version, input, now) });
      await tx.forumCaseEvent.create({
        data: { organisationId: org.id, actorId: user.id, action: "applied", toState: "UNCONFIRMED", createdAt: now },
      });
      await mailConfirmation(tx, user, org.name, now);
      return { ok: true as const, organisationId: org.id, userId: user.id };
    });
  } catch (error) {
    // two submissions with the same email at once: the slower one meets the unique index, and is a known address
    if ((error as { code?: string }).code !== "P2002") throw error;
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
    url: `${env().APP_URL}/forum/confirm/${token}`,
    keepDays: UNCONFIRMED_KEEP_DAYS,
  });
  await queueEmail(tx, { kind: "forum-confirm", dedupeKey: `forum-confirm:${user.id}:${now.getTime()}`, to: user.email, toName: user.name, ...mail });
}

/** The unconfirmed application whose contact has this address, or null (confirmed, unknown, or any other state). */
async function unconfirmedByEmail(tx: Db, email: string) {
  const user = await tx.user.findUnique({
    where: { email: email.trim().toLowerCase() },
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
export async function resendConfirmationByStaff(organisationId: string, actorId: string, now = new Date()) {
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
  organisationId: string,
  actorId: string,
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
    if ((error as { code?: string }).code !== "P2002") throw error;
    return { ok: false, reason: "invalid", errors: { email: "forum.err.emailTaken" } };
  }
}

/** The mail to an account's owner whose address someone applied with (in the owner's language, not the applicant's). */
async function tellKnownAddress(tx: Db, user: { id: string; email: string; name: string; locale: string }, now: Date) {
  const mail = renderEmail(forumApplyKnownEmail, localeOf(user.locale), {
    name: user.name,
    loginUrl: `${env().APP_URL}/login`,
    resetUrl: `${env().APP_URL}/forgot-password`,
  });
  await queueEmail(tx, { kind: "forum-apply-known", dedupeKey: `forum-apply-known:${user.id}:${now.getTime()}`, to: user.email, toName: user.name, ...mail });
}

function organisationData(input: ProfileInput | ApplicationInput) {
  return {
    name: input.orgName,
    cvr: input.cvr,
    street: input.street,
    postcode: input.postcode,
    city: input.city,
    website: input.website,
    districts: input.districts.join(","),
    description: input.description,
  };
}

function signatureData(organisationId: string, userId: string, version: CharterVersion, input: SignatureInput, now: Date) {
  const locale = localeOf(input.charterLocale);
  return {
    organisationId,
    charterVersionId: version.id,
    textSha256: charterHash(version, locale),
    locale,
    signerName: input.signerName,
    signerTitle: input.signerTitle,
    userId,
    signedAt: now,
  };
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

// ---------- state transitions ----------

/** Which states each action may start from, and where it leads. Everything else is refused. */
export const transitions = {
  approve: { from: ["PENDING"], to: "APPROVED", by: "staff" },
  reject: { from: ["PENDING", "NEEDS_INFO"], to: "REJECTED", by: "staff" },
  requestInfo: { from: ["PENDING"], to: "NEEDS_INFO", by: "staff" },
  resubmit: { from: ["NEEDS_INFO"], to: "PENDING", by: "contact" },
  suspend: { from: ["APPROVED", "LAPSED"], to: "SUSPENDED", by: "staff" },
  reinstate: { from: ["SUSPENDED"], to: "APPROVED", by: "staff" },
  registerLeft: { from: ["APPROVED", "SUSPENDED", "LAPSED"], to: "LEFT", by: "staff" },
  lapse: { from: ["APPROVED"], to: "LAPSED", by: "system" },
  resign: { from: ["LAPSED"], to: "APPROVED", by: "contact" },
} as const satisfies Record<string, { from: readonly OrganisationState[]; to: OrganisationState; by: string }>;
export type TransitionName = keyof typeof transitions;
export type StaffAction = "approve" | "reject" | "requestInfo" | "suspend" | "reinstate" | "registerLeft";

const mailKindFor: Partial<Record<TransitionName, ForumCaseKind>> = {
  approve: "approved",
  reject: "rejected",
  requestInfo: "infoRequested",
  suspend: "suspended",
  reinstate: "reinstated",
  registerLeft: "left",
  lapse: "lapsed",
};

const needsMessage: StaffAction[] = ["reject", "requestInfo", "suspend"];

export type TransitionResult = { ok: true } | { ok: false; reason: "notFound" | "notAllowed" | "messageRequired" };

/**
 * Moves an organisation from one of the action's allowed states to its target, or refuses. The WHERE holds the
 * allowed states, so of two staff members acting at once exactly one succeeds; the other gets "notAllowed".
 */
export async function transition(
  organisationId: string,
  action: TransitionName,
  actorId: string | null,
  options: { message?: string | null; data?: Prisma.OrganisationUpdateManyMutationInput; details?: unknown; tx?: Db; lapsed?: boolean } = {},
  now = new Date(),
): Promise<TransitionResult> {
  const rule = transitions[action];
  // reinstating a member that missed a charter deadline while suspended lands in LAPSED: the history, the audit and
  // the mail all name the state the organisation is really in afterwards
  const to: OrganisationState = action === "reinstate" && options.lapsed ? "LAPSED" : rule.to;
  const message = options.message?.trim() || null;
  if (needsMessage.includes(action as StaffAction) && !message) return { ok: false, reason: "messageRequired" };
  const run = async (tx: Db): Promise<TransitionResult> => {
    const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { id: true, name: true, state: true } });
    if (!org) return { ok: false, reason: "notFound" };
    const { count } = await tx.organisation.updateMany({
      where: { id: organisationId, state: { in: [...rule.from] } },
      data: {
        ...options.data,
        state: to,
        ...(action === "approve" ? { approvedAt: now } : {}),
        ...(["reject", "requestInfo", "suspend"].includes(action) ? { stateMessage: message } : {}),
        ...(["approve", "resubmit", "reinstate", "resign"].includes(action) ? { stateMessage: null } : {}),
      },
    });
    if (count !== 1) return { ok: false, reason: "notAllowed" };
    const entry = await tx.forumCaseEvent.create({
      data: {
        organisationId,
        actorId,
        action,
        fromState: org.state,
        toState: to,
        message,
        details: options.details === undefined ? null : JSON.stringify(options.details),
        createdAt: now,
      },
    });
    if (rule.by === "staff") {
      await audit(tx, { actorId, action: `forum.${action}`, entityType: "Organisation", entityId: organisationId, details: { from: org.state, to } });
    }
    const kind = to === "LAPSED" && action === "reinstate" ? "reinstatedLapsed" : mailKindFor[action];
    if (kind) {
      await mailContacts(tx, organisationId, (contact) => ({
        template: forumCaseEmail,
        props: { kind, name: contact.name, organisationName: org.name, message, url: `${env().APP_URL}${kind === "approved" || kind === "reinstated" ? "/member" : "/forum/application"}` },
        kind: `forum-${kind}`,
        dedupeKey: `forum-case:${entry.id}:${contact.userId}`,
      }));
    }
    return { ok: true };
  };
  return options.tx ? run(options.tx) : db.$transaction(run);
}

/** A staff decision from the case page. */
export async function decide(organisationId: string, action: StaffAction, actorId: string, message?: string | null, now = new Date()) {
  if (action !== "reinstate") return transition(organisationId, action, actorId, { message }, now);
  // Reinstating a member that missed a charter deadline while suspended brings it back as lapsed, not approved.
  return db.$transaction(async (tx) => {
    const current = await getCurrentCharter(tx);
    const signed = current
      ? await tx.charterSignature.findUnique({ where: { organisationId_charterVersionId: { organisationId, charterVersionId: current.id } } })
      : null;
    const overdue = !!current?.signDeadline && current.signDeadline <= now && !signed;
    return transition(organisationId, "reinstate", actorId, { tx, lapsed: overdue }, now);
  });
}

// ---------- the contact's own case ----------

/** The organisation of a signed-in contact, in any state (for /forum/application and the member pages). */
export function getOwnOrganisation(userId: string) {
  return db.organisationContact.findUnique({
    where: { userId },
    include: {
      organisation: {
        include: {
          contacts: { include: { user: { select: { id: true, name: true, email: true, emailVerifiedAt: true } } }, orderBy: { createdAt: "asc" } },
          signatures: { include: { charterVersion: { select: { id: true, number: true } } }, orderBy: { signedAt: "desc" } },
        },
      },
    },
  });
}

export type OwnOrganisation = NonNullable<Awaited<ReturnType<typeof getOwnOrganisation>>>["organisation"];

/** The applicant answers staff's question: the profile is updated and the case returns to review. */
export async function resubmitApplication(userId: string, input: ProfileInput, now = new Date()): Promise<TransitionResult> {
  const contact = await db.organisationContact.findUnique({ where: { userId }, select: { organisationId: true } });
  if (!contact) return { ok: false, reason: "notFound" };
  return transition(contact.organisationId, "resubmit", userId, { data: organisationData(input), details: { changed: changedFields(await profileOf(contact.organisationId), input) } }, now);
}

async function profileOf(organisationId: string) {
  return db.organisation.findUniqueOrThrow({ where: { id: organisationId } });
}

function changedFields(before: Awaited<ReturnType<typeof profileOf>>, input: ProfileInput): string[] {
  const after = organisationData(input);
  return (Object.keys(after) as (keyof typeof after)[]).filter((k) => (before[k] ?? null) !== (after[k] ?? null));
}

// ---------- members ----------

/** A member edits the profile; what changed is kept in the case history for staff. */
export async function updateProfile(userId: string, input: ProfileInput, now = new Date()) {
  const contact = await db.organisationContact.findUnique({ where: { userId }, select: { organisationId: true } });
  if (!contact) return { ok: false as const };
  const before = await profileOf(contact.organisationId);
  const changed = changedFields(before, input);
  const publicListing = input.publicListing === "on";
  await db.$transaction(async (tx) => {
    await tx.organisation.update({ where: { id: contact.organisationId }, data: { ...organisationData(input), publicListing } });
    if (changed.length || publicListing !== before.publicListing) {
      await tx.forumCaseEvent.create({
        data: {
          organisationId: contact.organisationId,
          actorId: userId,
          action: "profileUpdated",
          details: JSON.stringify({ changed: publicListing !== before.publicListing ? [...changed, "publicListing"] : changed }),
          createdAt: now,
        },
      });
    }
  });
  return { ok: true as const };
}

/** A member invites another contact person, who chooses a password through the link in the mail. */
export async function inviteContact(inviterId: string, input: InviteContactInput, locale: Locale, now = new Date()): Promise<{ ok: true; userId: string } | { ok: false; errors: FieldErrors }> {
  const inviter = await db.organisationContact.findUnique({ where: { userId: inviterId }, include: { organisation: true, user: true } });
  if (!inviter) return { ok: false as const, errors: { _form: "forum.err.notFound" } };
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    return { ok: false as const, errors: { email: "forum.err.contactExists" } };
  }
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: input.email, name: input.contactName, role: "MEMBER", locale } });
    await tx.organisationContact.create({ data: { organisationId: inviter.organisationId, userId: user.id, title: input.contactTitle, phone: input.phone } });
    await tx.forumCaseEvent.create({
      data: { organisationId: inviter.organisationId, actorId: inviterId, action: "contactInvited", details: JSON.stringify({ contact: user.id }), createdAt: now },
    });
    const token = await issueToken(tx, user.id, "CONTACT_INVITE", now);
    const mail = renderEmail(forumContactInviteEmail, locale, {
      name: user.name,
      inviterName: inviter.user.name,
      organisationName: inviter.organisation.name,
      url: `${env().APP_URL}/forum/join/${token}`,
    });
    await queueEmail(tx, { kind: "forum-contact-invite", dedupeKey: `forum-contact-invite:${user.id}:${now.getTime()}`, to: user.email, toName: user.name, ...mail });
    return { ok: true as const, userId: user.id };
  });
}

export async function peekContactInvite(token: string, now = new Date()) {
  const found = await peekToken(db, token, "CONTACT_INVITE", now);
  if (!found) return null;
  const contact = await db.organisationContact.findUnique({ where: { userId: found.userId }, include: { organisation: { select: { name: true } } } });
  return contact ? { name: found.user.name, email: found.user.email, organisationName: contact.organisation.name } : null;
}

/** The invited contact chooses a password; the link then is used up. */
export async function acceptContactInvite(token: string, password: string, now = new Date()): Promise<{ ok: true; userId: string } | { ok: false; errors: FieldErrors }> {
  const problem = passwordProblem(password);
  if (problem) return { ok: false as const, errors: { password: problem } };
  const passwordHash = await hashPassword(password);
  const userId = await db.$transaction(async (tx) => {
    const id = await consumeToken(tx, token, "CONTACT_INVITE", now);
    if (!id) return null;
    await tx.user.update({ where: { id }, data: { passwordHash, emailVerifiedAt: now } });
    return id;
  });
  return userId ? { ok: true as const, userId } : { ok: false as const, errors: { _form: "forum.err.linkInvalid" } };
}

/** Removes a contact of the member's own organisation (404 for anyone else's); at least one contact remains. */
export async function removeContact(actorId: string, contactId: string, now = new Date()) {
  const own = await db.organisationContact.findUnique({ where: { userId: actorId }, select: { organisationId: true } });
  if (!own) return { ok: false as const, reason: "notFound" as const };
  return db.$transaction(async (tx) => {
    const contact = await tx.organisationContact.findFirst({ where: { id: contactId, organisationId: own.organisationId } });
    if (!contact) return { ok: false as const, reason: "notFound" as const };
    const count = await tx.organisationContact.count({ where: { organisationId: own.organisationId } });
    if (count <= 1) return { ok: false as const, reason: "lastContact" as const };
    await endAllSessions(contact.userId, tx);
    await tx.user.delete({ where: { id: contact.userId } });
    await tx.forumCaseEvent.create({
      data: { organisationId: own.organisationId, actorId, action: "contactRemoved", createdAt: now },
    });
    return { ok: true as const, self: contact.userId === actorId };
  });
}

/** A contact signs the current charter version for the organisation; a lapsed member is then a member again. */
export async function signCurrentCharter(userId: string, input: SignatureInput, now = new Date()): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const contact = await db.organisationContact.findUnique({ where: { userId }, include: { organisation: { select: { state: true } } } });
  if (!contact || !["APPROVED", "LAPSED"].includes(contact.organisation.state)) return { ok: false as const, errors: { _form: "forum.err.notFound" } };
  return db.$transaction(async (tx) => {
    const current = await getCurrentCharter(tx);
    if (!current || current.id !== input.charterVersionId) return { ok: false as const, errors: { _form: "forum.err.charterChanged" } };
    const existing = await tx.charterSignature.findUnique({
      where: { organisationId_charterVersionId: { organisationId: contact.organisationId, charterVersionId: current.id } },
    });
    if (!existing) {
      await tx.charterSignature.create({ data: signatureData(contact.organisationId, userId, current, input, now) });
      await tx.forumCaseEvent.create({
        data: { organisationId: contact.organisationId, actorId: userId, action: "signed", details: JSON.stringify({ version: current.number }), createdAt: now },
      });
    }
    if (contact.organisation.state === "LAPSED") await transition(contact.organisationId, "resign", userId, { tx }, now);
    return { ok: true as const };
  });
}

/** What the member pages show about the charter: the version signed, and whether the current one still needs signing. */
export async function charterStatus(organisationId: string, now = new Date()) {
  const current = await getCurrentCharter();
  const latest = await db.charterSignature.findFirst({
    where: { organisationId },
    orderBy: { charterVersion: { number: "desc" } },
    include: { charterVersion: { select: { number: true } } },
  });
  const signedCurrent = !!current && latest?.charterVersionId === current.id;
  return {
    current: current ? { id: current.id, number: current.number, deadline: current.signDeadline } : null,
    signed: latest ? { number: latest.charterVersion.number, signedAt: latest.signedAt, signerName: latest.signerName } : null,
    mustSign: !!current && !signedCurrent,
    overdue: !!current && !signedCurrent && !!current.signDeadline && current.signDeadline <= now,
  };
}

/** The signed-in member's organisation and what the member pages need; null unless the user is an active member. */
export async function getMemberOverview(userId: string, now = new Date()) {
  const own = await getOwnOrganisation(userId);
  if (!own || own.organisation.state !== "APPROVED") return null;
  return { organisation: own.organisation, charter: await charterStatus(own.organisationId, now) };
}

export function listPublicMembers() {
  return db.organisation.findMany({
    where: { state: "APPROVED", publicListing: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, website: true, districts: true, description: true },
  });
}

// ---------- staff ----------


export async function listApplications(state: OrganisationState) {
  const [groups, organisations, current] = await Promise.all([
    db.organisation.groupBy({ by: ["state"], _count: { _all: true } }),
    db.organisation.findMany({
      where: { state },
      orderBy: { createdAt: "desc" },
      take: 500,
      select: {
        id: true,
        name: true,
        cvr: true,
        state: true,
        createdAt: true,
        signatures: { select: { charterVersion: { select: { number: true } } }, orderBy: { charterVersion: { number: "desc" } }, take: 1 },
      },
    }),
    getCurrentCharter(),
  ]);
  const counts = Object.fromEntries(STAFF_STATES.map((s) => [s, groups.find((g) => g.state === s)?._count._all ?? 0])) as Record<(typeof STAFF_STATES)[number], number>;
  return {
    counts,
    currentVersion: current?.number ?? null,
    organisations: organisations.map(({ signatures, ...o }) => ({ ...o, signedVersion: signatures[0]?.charterVersion.number ?? null })),
  };
}

export function getOrganisationForStaff(id: string) {
  return db.organisation.findFirst({
    where: { id },
    include: {
      contacts: { include: { user: { select: { name: true, email: true, locale: true, emailVerifiedAt: true } } }, orderBy: { createdAt: "asc" } },
      signatures: { include: { charterVersion: { select: { number: true } } }, orderBy: { signedAt: "desc" } },
      history: { include: { actor: { select: { name: true, role: true } } }, orderBy: { createdAt: "desc" } },
    },
  });
}

export function allowedActions(state: OrganisationState): StaffAction[] {
  return (Object.keys(transitions) as TransitionName[]).filter(
    (a): a is StaffAction => transitions[a].by === "staff" && (transitions[a].from as readonly string[]).includes(state),
  );
}

// ---------- scheduled work ----------

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

/** Reminders 14 and 3 days before the current version's deadline, to members that have not signed it. Idempotent. */
export async function sendCharterReminders(now = new Date()) {
  const current = await getCurrentCharter();
  if (!current?.signDeadline || now >= current.signDeadline) return 0;
  const left = current.signDeadline.getTime() - now.getTime();
  // the nearest reminder that is due: 3 days if within 3 days, else 14 if within 14 days
  const due = [...REMINDER_DAYS].sort((a, b) => a - b).find((d) => left <= d * DAY);
  if (!due) return 0;
  const unsigned = await db.organisation.findMany({
    where: { state: "APPROVED", signatures: { none: { charterVersionId: current.id } } },
    select: { id: true, name: true },
  });
  let queued = 0;
  for (const org of unsigned) {
    await db.$transaction(async (tx) => {
      queued += await mailContacts(tx, org.id, (contact) => ({
        template: forumCharterEmail,
        props: { kind: "reminder" as const, name: contact.name, organisationName: org.name, number: current.number, deadline: formatDate(contact.locale, current.signDeadline!, "date"), url: `${env().APP_URL}/member/charter` },
        kind: "forum-charter-reminder",
        dedupeKey: `forum-charter-reminder:${current.id}:${due}:${contact.userId}`,
      }));
    });
  }
  return queued;
}

/** After the deadline, approved members that have not signed the current version lapse. */
export async function lapseUnsignedMembers(now = new Date()) {
  const current = await getCurrentCharter();
  if (!current?.signDeadline || now < current.signDeadline) return 0;
  const unsigned = await db.organisation.findMany({
    where: { state: "APPROVED", signatures: { none: { charterVersionId: current.id } } },
    select: { id: true },
  });
  let lapsed = 0;
  for (const org of unsigned) {
    const result = await transition(org.id, "lapse", null, { details: { version: current.number } }, now);
    if (result.ok) lapsed++;
  }
  return lapsed;
}

// ---------- mail ----------

type Contact = { userId: string; name: string; email: string; locale: Locale };

/** Queues one message per contact of the organisation, each in the contact's own language. */
async function mailContacts<P>(
  tx: Db,
  organisationId: string,
  make: (contact: Contact) => { template: Parameters<typeof renderEmail<P>>[0]; props: P; kind: string; dedupeKey: string },
): Promise<number> {
  const contacts = await tx.organisationContact.findMany({
    where: { organisationId, user: { disabledAt: null } },
    select: { user: { select: { id: true, name: true, email: true, locale: true } } },
  });
  let queued = 0;
  for (const { user } of contacts) {
    const contact: Contact = { userId: user.id, name: user.name, email: user.email, locale: localeOf(user.locale) };
    const m = make(contact);
    const mail = renderEmail(m.template, contact.locale, m.props);
    const result = await queueEmail(tx, { kind: m.kind, dedupeKey: m.dedupeKey, to: contact.email, toName: contact.name, ...mail });
    if (result.queued) queued++;
  }
  return queued;
}

/** The forum's scheduled work: charter reminders 14 and 3 days before the deadline, and lapse after it. */
export const forumTasks: ScheduledTask[] = [
  { name: "forum-charter-reminders", everyMs: 60 * 60_000, run: (now) => sendCharterReminders(now) },
  { name: "forum-lapse-unsigned", everyMs: 10 * 60_000, run: (now) => lapseUnsignedMembers(now) },
];
