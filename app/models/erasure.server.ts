import { db, type Db } from "~/lib/db.server";
import { normaliseEmail } from "~/lib/field-rules";
import { isStaffRole } from "~/lib/roles";
import { collectPersonData, mentionRows, personRef, rateLimitRows } from "./person-data.server";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { recountEvent } from "./registration-counts.server";
import { fillFromWaitlist } from "./waitlist.server";

/**
 * Erasing one person everywhere (GDPR Art. 17; docs/decisions/0020-your-data-for-anyone.md): staff's erasure in one
 * transaction, the report read back from its audit entry, and the deletion of registrations the person's own
 * erasure shares.
 */

/** What an erased address becomes where it stood in the text of a record that is kept (audit details, forum history). */
const ERASED = "[slettet]";

/** Deletes registrations (with their people, answers, links, offers, attendance) and gives freed places to the waitlist. */
export async function deleteRegistrations(tx: Db, ids: string[], now: Date) {
  if (!ids.length) return;
  const active = await tx.registration.findMany({ where: { id: { in: ids }, status: { not: "CANCELLED" } }, select: { eventId: true } });
  await tx.invitationRecipient.updateMany({ where: { registrationId: { in: ids } }, data: { registrationId: null } });
  await tx.registration.deleteMany({ where: { id: { in: ids } } });
  const events = [...new Set(active.map((a) => a.eventId))];
  for (const eventId of events) {
    await fillFromWaitlist(tx, eventId, now);
    await recountEvent(tx, eventId);
  }
}

function redact(text: string | null, email: string) {
  if (!text) return text;
  return text.replace(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), ERASED);
}

type EraseResult = { ok: true; auditId: string } | { ok: false; reason: "staff" | "nothing" };

/**
 * Erases everything held about the address in one transaction: registrations (and what hangs off them), invitation
 * recipients, mail to it, links, rate-limit records, a member's account with its contact person, sessions and
 * tokens; the address is taken out of the text of audit entries, forum history, mail to others and free text others
 * wrote (a sign-up comment, an invitation's message, a note on an organisation). Kept, with the reason shown to staff
 * (keptOnErasure): the organisation's charter signatures (proof of endorsement; no longer linked to the account) and
 * the hashed opt-out (so the address is never invited again). Audited as counts per table under the pseudonymous
 * reference, with no address or name.
 * Staff and admin accounts are not erased here: they are disabled under staff users, and their actions stay attributed.
 */
export async function erasePerson({ actorId, email: emailInput }: { actorId: string; email: string }, now = new Date()): Promise<EraseResult> {
  const email = normaliseEmail(emailInput);
  return db.$transaction(async (tx) => {
    const found = await collectPersonData(email, now, tx);
    if (found.user && isStaffRole(found.user.role)) return { ok: false, reason: "staff" } as const;
    const counts = Object.fromEntries(Object.entries(found.counts).filter(([, n]) => n > 0));
    if (Object.keys(counts).length === 0) return { ok: false, reason: "nothing" } as const;
    const userId = found.user?.id ?? null;

    const registrationIds = (await tx.registration.findMany({ where: { OR: [{ email }, ...(userId ? [{ userId }] : [])] }, select: { id: true } })).map((r) => r.id);
    await deleteRegistrations(tx, registrationIds, now);
    await tx.invitationRecipient.deleteMany({ where: { OR: [{ email }, ...(userId ? [{ userId }] : [])] } });
    await tx.invitationLeftOut.deleteMany({ where: { email } });
    await tx.emailOutbox.deleteMany({ where: { toAddress: email } });
    await tx.dataAccessToken.deleteMany({ where: { email } });
    const limits = await rateLimitRows(tx, email, userId);
    await tx.rateLimitHit.deleteMany({ where: { id: { in: limits.map((l) => l.id) } } });
    if (userId) {
      await tx.charterSignature.updateMany({ where: { userId }, data: { userId: null } });
      await tx.calendarFeedToken.deleteMany({ where: { userId } });
      await tx.user.delete({ where: { id: userId } }); // sessions, tokens and the contact person go with it
    }
    const mentions = await mentionRows(tx, email);
    for (const a of mentions.audits) await tx.auditLog.update({ where: { id: a.id }, data: { details: redact(a.details, email) } });
    for (const h of mentions.history) await tx.forumCaseEvent.update({ where: { id: h.id }, data: { details: redact(h.details, email), message: redact(h.message, email) } });
    for (const m of mentions.otherMail) {
      await tx.emailOutbox.update({
        where: { id: m.id },
        data: { subject: redact(m.subject, email)!, text: redact(m.text, email)!, html: redact(m.html, email)!, headers: redact(m.headers, email) },
      });
    }
    for (const a of mentions.otherText.answers) await tx.registrationAnswer.update({ where: { id: a.id }, data: { value: redact(a.value, email)! } });
    for (const i of mentions.otherText.invitations) await tx.invitation.update({ where: { id: i.id }, data: { message: redact(i.message, email)! } });
    for (const o of mentions.otherText.organisations) {
      await tx.organisation.update({ where: { id: o.id }, data: { stateMessage: redact(o.stateMessage, email), description: redact(o.description, email)! } });
    }
    const entry = await tx.auditLog.create({
      data: {
        actorId,
        action: "person.erase",
        entityType: "Person",
        entityId: personRef(email),
        details: JSON.stringify({ erased: counts, kept: Object.fromEntries(Object.entries(found.kept).filter(([, n]) => n > 0)) }),
        createdAt: now,
      },
      select: { id: true },
    });
    return { ok: true, auditId: entry.id } as const;
  }, TX_OPTIONS);
}

/** What an erasure did, read back from its audit entry (the page after erasing shows it; the address is gone). */
export async function erasureReport(auditId: string) {
  const entry = await db.auditLog.findFirst({ where: { id: auditId, action: "person.erase" }, select: { entityId: true, details: true, createdAt: true } });
  if (!entry) return null;
  const details = JSON.parse(entry.details ?? "{}") as { erased?: Record<string, number>; kept?: Record<string, number> };
  return { ref: entry.entityId ?? "", createdAt: entry.createdAt, erased: details.erased ?? {}, kept: details.kept ?? {} };
}

