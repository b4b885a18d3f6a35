import { invitationUpdateEmail } from "#emails/invitation-update";
import { renderEmail } from "#emails/render";
import { CALENDAR_METHOD, personalCalendar } from "~/lib/calendar.server";
import type { Db } from "~/lib/db.server";
import { localeOf } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { urls } from "~/lib/urls.server";
import { changeLines, type EventChanges } from "./event-diff";
import { calendarInput, type EventWithSessions } from "./event-options";
import { issueInvitationLink } from "./invitation-answers.server";
import { eventMailDetails, sentCalendarSequences } from "./registration-mail.server";

/**
 * Changes and cancellations also reach those invited. Called by app/models/event-changes.server.ts: when a published
 * event changes time or place, or is cancelled, everyone invited who has not declined hears it — with the updated
 * calendar entry (REQUEST, same UID, higher SEQUENCE) or its cancellation (CANCEL). Needed information, so opt-outs do
 * not stop it; no List-Unsubscribe.
 */
export async function queueInvitationUpdates(
  tx: Db,
  change: { event: EventWithSessions; kind: "changed" | "cancelled"; changes: EventChanges; now: Date; alreadyMailed: Set<string> },
): Promise<number> {
  const { event, kind, now } = change;
  const sent = await sentCalendarSequences(tx, event.id);
  const recipients = await tx.invitationRecipient.findMany({
    where: { invitation: { eventId: event.id, sentAt: { not: null } }, optedOut: false, OR: [{ answer: null }, { answer: { not: "NO" } }] },
    orderBy: { createdAt: "desc" },
  });
  const mailed = new Set(change.alreadyMailed);
  let count = 0;
  for (const r of recipients) {
    if (mailed.has(r.email)) continue;
    mailed.add(r.email);
    const locale = localeOf(r.locale);
    const token = kind === "changed" ? await issueInvitationLink(tx, r.id) : null;
    const mail = renderEmail(invitationUpdateEmail, locale, {
      ...eventMailDetails(event, r.name, locale),
      kind,
      changes: kind === "changed" ? changeLines(locale, change.changes, false) : [],
      message: kind === "cancelled" ? event.cancelMessage : null,
      url: token ? urls.invitationAnswer(token) : null,
    });
    const method = kind === "changed" ? CALENDAR_METHOD.REQUEST : CALENDAR_METHOD.CANCEL;
    await queueEmail(tx, {
      kind: `invitation-${kind}`,
      dedupeKey: `invitation-${kind}:${event.id}:${event.sequence}:${r.email}`,
      to: r.email,
      toName: r.name || null,
      ...mail,
      calendar: personalCalendar(calendarInput(event), method, { email: r.email, name: r.name }, now, {
        // above any file the address got as a registration (a waitlisted invitee may have had a CANCEL since)
        sequence: Math.max(event.sequence, (sent.get(r.email) ?? -1) + 1),
        partstat: "NEEDS-ACTION",
      }),
    });
    count++;
  }
  return count;
}
