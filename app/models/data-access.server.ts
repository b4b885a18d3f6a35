import { z } from "zod";
import { myDataLinkEmail } from "#emails/my-data-link";
import { renderEmail } from "#emails/render";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { email as emailRule, normaliseEmail } from "~/lib/field-rules";
import type { Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { consumeMailQuota, networkBucket } from "~/lib/rate-limit.server";
import { urls } from "~/lib/urls.server";
import { deleteRegistrations } from "./erasure.server";
import { MY_DATA_MAIL_KIND } from "./person-data.server";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { cancelRegistrationOf } from "./registrations.server";

/**
 * A person's own data for anyone with an address and no account (docs/decisions/0020-your-data-for-anyone.md): the
 * my-data link by mail, opening it, and what the person may do there themselves (cancel, erase their registrations).
 */

/** The link works for a day; its row goes a day later, so an old link says it ran out instead of "not found". */
export const DATA_ACCESS_MS = 24 * 3600_000;
export const DATA_ACCESS_KEEP_MS = 2 * DATA_ACCESS_MS;

export const myDataRequestSchema = z.object({
  email: emailRule({ messages: { required: "form.required", email: "form.invalidEmail" } }),
});

// ─── The link ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Mails a link to the address, whether or not anything is held about it (the answer must not tell). Limited per
 * sender network and per recipient, like a forgotten password.
 */
export async function requestDataAccess(emailInput: string, locale: Locale, clientIp: string, now = new Date()) {
  const email = normaliseEmail(emailInput);
  const quota = await consumeMailQuota([networkBucket("my-data", clientIp), `my-data:to:${email}`], now);
  if (!quota.ok) return { ok: false as const, retryAfterS: quota.retryAfterS };
  await db.$transaction(async (tx) => {
    const token = randomToken();
    await tx.dataAccessToken.create({ data: { tokenHash: hashToken(token), email, expiresAt: new Date(now.getTime() + DATA_ACCESS_MS), createdAt: now } });
    const mail = renderEmail(myDataLinkEmail, locale, { url: urls.myData(token), hours: DATA_ACCESS_MS / 3600_000 });
    await queueEmail(tx, { kind: MY_DATA_MAIL_KIND, dedupeKey: `${MY_DATA_MAIL_KIND}:${hashToken(token)}`, to: email, ...mail });
  });
  return { ok: true as const };
}

/** The address behind a link: null for an unknown one (404), "expired" for one that ran out (410). */
export async function openDataAccess(token: string, now = new Date()): Promise<{ email: string; expiresAt: Date } | "expired" | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db.dataAccessToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return null;
  if (row.expiresAt <= now) return "expired";
  return { email: row.email, expiresAt: row.expiresAt };
}

/** Retention rule: a link's row goes DATA_ACCESS_KEEP_MS after it was asked for. */
export async function deleteOldDataAccessTokens(now = new Date()) {
  const { count } = await db.dataAccessToken.deleteMany({ where: { createdAt: { lte: new Date(now.getTime() - DATA_ACCESS_KEEP_MS) } } });
  return count;
}

// ─── The person's own changes ────────────────────────────────────────────────────────────────────────────────────

/** Cancels one of the address's registrations through the registrations model (the waitlist moves on, a mail says so). */
export function cancelOwnRegistration({ email, registrationId }: { email: string; registrationId: string }, now = new Date()) {
  return cancelRegistrationOf({ email, registrationId }, now);
}

/**
 * The person erases every registration of their address, and the mail about them (confirmations, offers, reminders,
 * changes). A current place is freed for the waitlist without a cancellation mail: that mail would write the address
 * again. Returns how many registrations went.
 */
export async function eraseOwnRegistrations(emailInput: string, now = new Date()) {
  const email = normaliseEmail(emailInput);
  return db.$transaction(async (tx) => {
    const ids = (await tx.registration.findMany({ where: { email }, select: { id: true } })).map((r) => r.id);
    await deleteRegistrations(tx, ids, now);
    await tx.emailOutbox.deleteMany({ where: { toAddress: email, OR: [{ kind: { startsWith: "registration-" } }, { kind: { startsWith: "event-" } }] } });
    return ids.length;
  }, TX_OPTIONS);
}
