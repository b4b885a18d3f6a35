import type { CharterVersion } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { sha256Hex } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/forms.server";
import { formatDate, localeOf, type Locale } from "~/lib/i18n";
import { urls } from "~/lib/urls.server";
import { forumCharterEmail } from "#emails/forum-charter";
import { DEFAULT_DEADLINE_DAYS, type PublishCharterInput, type SignatureInput } from "./forum-rules";
import { mailContacts } from "./forum-mail.server";

/**
 * The medborgerforum's charter: the current version and the earlier ones, the hash of what a signer was shown, an
 * admin publishing a new version (every approved member is told and must sign by the deadline), and what a member's
 * pages show about its signature.
 */

export const DAY = 24 * 3600_000;

export function getCurrentCharter(tx: Db = db): Promise<CharterVersion | null> {
  return tx.charterVersion.findFirst({ orderBy: { number: "desc" } });
}

function charterIn(version: Pick<CharterVersion, "titleDa" | "titleEn" | "textDa" | "textEn">, locale: Locale) {
  return locale === "en" ? { title: version.titleEn, text: version.textEn } : { title: version.titleDa, text: version.textDa };
}

/** The SHA-256 of exactly what the signer was shown: the title, a blank line, the text. */
function charterHash(version: Pick<CharterVersion, "titleDa" | "titleEn" | "textDa" | "textEn">, locale: Locale) {
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

type PublishResult = { ok: true; version: CharterVersion } | { ok: false; errors: FieldErrors };

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
        props: { kind: "newVersion" as const, name: contact.name, organisationName: org.name, number: version.number, deadline: formatDate(contact.locale, version.signDeadline!, "date"), url: urls.memberCharter() },
        kind: "forum-charter-new",
        dedupeKey: `forum-charter-new:${version.id}:${contact.userId}`,
      }));
    }
    return { ok: true as const, version };
  });
}

export function signatureData({ organisationId, userId }: { organisationId: string; userId: string }, version: CharterVersion, input: SignatureInput, now: Date) {
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
