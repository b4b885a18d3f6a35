import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { runTasks } from "~/lib/scheduled.server";
import { scheduledTasks } from "~/scheduled-tasks.server";
import { cancelEvent } from "~/models/events.server";
import { memberFeedIcs, renewFeedToken } from "~/models/feeds.server";
import { optOut } from "~/models/optouts.server";
import { cancelRegistration, getRegistrationByToken } from "~/models/registrations.server";
import { registerMemberContact } from "~/models/member-registrations.server";
import { sendEventReminders } from "~/models/reminders.server";
import { createActiveMember, createEvent, createRegistration } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { parseCalendar } from "../events/helpers";
import { checkMail, deliverAll } from "./helpers";

const smtp = smtpServerForFile();
beforeEach(async () => {
  await deliverAll();
  smtp.clear();
});

const hours = (h: number) => h * 3600_000;

describe("reminders before the first session", () => {
  it("go to registered participants once, with the calendar file; none for cancelled ones, the waitlist or a cancelled event", async () => {
    const now = new Date();
    const soon = new Date(now.getTime() + hours(36));
    const event = await createEvent({ capacity: 2, sessions: [[soon, new Date(soon.getTime() + hours(2))]] });
    const anna = await createRegistration(event.id, { email: "anna@example.dk", name: "Anna" });
    const bo = await createRegistration(event.id, { email: "bo@example.dk", name: "Bo" });
    await createRegistration(event.id, { email: "cai@example.dk", name: "Cai" }); // waitlisted
    await optOut("anna@example.dk"); // opting out of invitations does not stop a reminder
    expect(await cancelRegistration(bo.token)).toBe(true);
    await deliverAll();
    smtp.clear();

    const far = await createEvent({ sessions: [[new Date(now.getTime() + hours(24 * 5)), new Date(now.getTime() + hours(24 * 5 + 2))]] });
    await createRegistration(far.id, { email: "later@example.dk" });
    const cancelled = await createEvent({ sessions: [[soon, new Date(soon.getTime() + hours(2))]] });
    await createRegistration(cancelled.id, { email: "cancelled@example.dk" });
    await cancelEvent({ actorId: null, eventId: cancelled.id, message: "" });
    await deliverAll();
    smtp.clear();

    // the worker's own task list runs it; twice (a restart) sends nothing twice
    expect(scheduledTasks.some((t) => t.name === "event-reminders")).toBe(true);
    await runTasks(scheduledTasks, now);
    await runTasks(scheduledTasks, new Date(now.getTime() + 60_000));
    expect(await sendEventReminders(new Date(now.getTime() + 120_000))).toBe(0);
    await deliverAll();
    const reminders = smtp.received.filter((r) => /^Snart:/.test(r.mail.subject ?? ""));
    // Bo's place went to Cai by offer, not yet accepted: Cai is still waitlisted and gets none
    expect(reminders.map((r) => r.envelope.to[0])).toEqual(["anna@example.dk"]);
    const cal = checkMail(reminders[0]!, { to: "anna@example.dk", method: "REQUEST", unsubscribe: false })!;
    expect(cal.events[0]!.summary).toBe(event.calendarTitle);
    // the link is Anna's own page (a token issued for her registration), and the calendar entry points to the same page
    const link = /https?:\/\/\S+\/registrations\/([A-Za-z0-9_-]+)/.exec(reminders[0]!.mail.text ?? "");
    expect(link).not.toBeNull();
    expect((await getRegistrationByToken(link![1]!))?.registration.id).toBe(anna.registrationId);
    expect(cal.events[0]!.url).toBe(link![0]);

    // later, the event that was five days away comes due
    await runTasks(scheduledTasks, new Date(now.getTime() + hours(24 * 4)));
    await deliverAll(new Date(now.getTime() + hours(24 * 4)));
    expect(smtp.to("later@example.dk").filter((r) => /^Snart:/.test(r.mail.subject ?? ""))).toHaveLength(1);
    expect(smtp.to("cancelled@example.dk")).toHaveLength(0);
  });

  it("the number of days is a setting (0 turns reminders off)", async () => {
    const now = new Date();
    const inThreeDays = new Date(now.getTime() + hours(24 * 3));
    const event = await createEvent({ sessions: [[inThreeDays, new Date(inThreeDays.getTime() + hours(2))]] });
    await createRegistration(event.id, { email: "dage@example.dk" });
    expect(await sendEventReminders(now, 0)).toBe(0);
    expect(await sendEventReminders(now, 2)).toBe(0);
    expect(await sendEventReminders(now, 4)).toBe(1);
  });
});

describe("a member's personal calendar feed", () => {
  it("holds the events the organisation is registered for; renewing revokes the old URL", async () => {
    const member = await createActiveMember({ email: "feed@example.dk" });
    const event = await createEvent({ visibility: "MEMBERS", calendarTitle: "Møde — VINK" });
    const other = await createEvent();
    void other;
    expect((await registerMemberContact({ actorUserId: member.id, contactUserId: member.id, eventId: event.id })).ok).toBe(true);

    const token = await renewFeedToken(member.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await db.calendarFeedToken.findMany())).not.toContain(token);
    const ics = await memberFeedIcs(token, "da");
    const cal = parseCalendar(ics!);
    expect(cal.method).toBe("PUBLISH");
    expect(cal.events.map((e) => e.summary)).toEqual(["Møde — VINK"]);
    expect(ics).not.toContain("feed@example.dk");

    const renewed = await renewFeedToken(member.id);
    expect(await memberFeedIcs(token, "da")).toBeNull();
    expect(await memberFeedIcs(renewed, "da")).not.toBeNull();

    await db.organisation.update({ where: { id: member.organisation.id }, data: { state: "SUSPENDED" } });
    expect(await memberFeedIcs(renewed, "da")).toBeNull();
  });
});
