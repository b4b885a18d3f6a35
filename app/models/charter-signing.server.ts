import type { ScheduledTask } from "~/lib/scheduled.server";
import { db } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/forms.server";
import { formatDate } from "~/lib/i18n";
import { urls } from "~/lib/urls.server";
import { forumCharterEmail } from "#emails/forum-charter";
import { DAY, getCurrentCharter, signatureData } from "./charter.server";
import type { SignatureInput } from "./forum-rules";
import { mailContacts } from "./forum-mail.server";
import { transition } from "./organisation-states.server";

/**
 * Members signing each charter version by its deadline: a contact signs (a lapsed member is a member again), reminders
 * 14 and 3 days before the deadline, and lapse after it; `forumTasks` runs the last two on a schedule.
 */

const REMINDER_DAYS = [14, 3] as const;

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
      await tx.charterSignature.create({ data: signatureData({ organisationId: contact.organisationId, userId }, current, input, now) });
      await tx.forumCaseEvent.create({
        data: { organisationId: contact.organisationId, actorId: userId, action: "signed", details: JSON.stringify({ version: current.number }), createdAt: now },
      });
    }
    if (contact.organisation.state === "LAPSED") await transition({ organisationId: contact.organisationId, action: "resign", actorId: userId }, { tx }, now);
    return { ok: true as const };
  });
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
        props: { kind: "reminder" as const, name: contact.name, organisationName: org.name, number: current.number, deadline: formatDate(contact.locale, current.signDeadline!, "date"), url: urls.memberCharter() },
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
    const result = await transition({ organisationId: org.id, action: "lapse", actorId: null }, { details: { version: current.number } }, now);
    if (result.ok) lapsed++;
  }
  return lapsed;
}

/** The forum's scheduled work: charter reminders 14 and 3 days before the deadline, and lapse after it. */
export const forumTasks: ScheduledTask[] = [
  { name: "forum-charter-reminders", everyMs: 60 * 60_000, run: (now) => sendCharterReminders(now) },
  { name: "forum-lapse-unsigned", everyMs: 10 * 60_000, run: (now) => lapseUnsignedMembers(now) },
];
