import type { ScheduledTask } from "~/lib/scheduled.server";
import { eventReminderEmail } from "#emails/event-reminder";
import { renderEmail } from "#emails/render";
import { CALENDAR_METHOD, personalCalendar } from "~/lib/calendar.server";
import { db } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors.server";
import { env } from "~/lib/env.server";
import { localeOf } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { urls } from "~/lib/urls.server";
import { calendarInput } from "./event-options";
import { claimCalendarSequence, eventMailDetails } from "./registration-mail.server";
import { issueRegistrationLink } from "./registrations.server";

/**
 * Scheduled: registered participants get a reminder EVENT_REMINDER_DAYS before the first session, with the calendar
 * entry. The EventReminder row (unique per registration and first start) is written in the same transaction as the
 * mail, so a restart neither loses nor repeats a reminder; an event moved to a new date gets one for the new date.
 * Nothing for a cancelled registration, a waitlisted one, or a cancelled event.
 */
export async function sendEventReminders(now = new Date(), days = env().EVENT_REMINDER_DAYS) {
  if (days <= 0) return 0;
  const horizon = new Date(now.getTime() + days * 86_400_000);
  const events = await db.event.findMany({
    where: { status: "PUBLISHED", firstStartsAt: { gt: now, lte: horizon } },
    include: { sessions: { orderBy: { position: "asc" } } },
  });
  let sent = 0;
  for (const event of events) {
    const firstStartsAt = event.firstStartsAt!;
    const due = await db.registration.findMany({
      where: { eventId: event.id, status: "REGISTERED", email: { not: "" }, reminders: { none: { firstStartsAt } } },
      take: 1000,
    });
    for (const r of due) {
      const done = await db.$transaction(async (tx) => {
        // the unique row is the claim: a rerun after a crash finds it and sends nothing; a second worker racing for
        // the same row fails on the unique index and its transaction (mail included) rolls back
        if (await tx.eventReminder.findUnique({ where: { registrationId_firstStartsAt: { registrationId: r.id, firstStartsAt } } })) return false;
        await tx.eventReminder.create({ data: { registrationId: r.id, firstStartsAt } });
        const current = await tx.registration.findUnique({ where: { id: r.id } });
        if (current?.status !== "REGISTERED") return false;
        const locale = localeOf(r.locale);
        const url = urls.registration(await issueRegistrationLink(tx, r.id));
        const mail = renderEmail(eventReminderEmail, locale, { ...eventMailDetails(event, r.name, locale), onlineUrl: event.onlineUrl, url });
        // the entry again, above the last file the person got (a reminder is an update like any other)
        const sequence = await claimCalendarSequence(tx, event, current);
        await queueEmail(tx, {
          kind: "event-reminder",
          dedupeKey: `event-reminder:${r.id}:${firstStartsAt.getTime()}`,
          to: r.email,
          toName: r.name,
          ...mail,
          calendar: personalCalendar(calendarInput(event), CALENDAR_METHOD.REQUEST, { email: r.email, name: r.name }, now, { sequence, url, partstat: "ACCEPTED" }),
        });
        return true;
      }).catch((error: unknown) => {
        if (isUniqueViolation(error)) return false;
        throw error;
      });
      if (done) sent++;
    }
  }
  return sent;
}

/** Participants' reminders EVENT_REMINDER_DAYS before the first session. */
export const reminderTasks: ScheduledTask[] = [{ name: "event-reminders", everyMs: 10 * 60_000, run: (now) => sendEventReminders(now) }];
