import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { deliverDue } from "~/lib/mail-worker.server";
import { cancelRegistration, getRegistrationByToken, registerForEvent, registrationCalendarFile, signUpAgain } from "~/models/registrations.server";
import { createEvent, createRegistration } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { calendarOf, parseCalendar } from "./helpers";

/**
 * A relative who cancelled changes their mind: from the private page (signUpAgain) or from the event page
 * (registerForEvent with the same address). And the private page's own calendar file.
 */
const smtp = smtpServerForFile();
const T0 = new Date("2030-03-01T09:00:00Z");
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeEach(() => smtp.clear());

async function deliver() {
  for (;;) {
    const { sent, failed } = await deliverDue({ limit: 500 });
    expect(failed).toBe(0);
    if (sent === 0) return;
  }
}

async function cancelled(eventId: string, overrides: Parameters<typeof createRegistration>[1] = {}) {
  const r = await createRegistration(eventId, { now: T0, ...overrides });
  expect(await cancelRegistration(r.token, later(1))).toBe(true);
  return r;
}

describe("signing up again after a cancel", () => {
  it("makes a new registration with the same details and a new private link, and mails a confirmation", async () => {
    const event = await createEvent({ capacity: 5, now: T0, questions: ["relation", "comment"] });
    const old = await cancelled(event.id, {
      name: "Mette Hansen",
      email: "mette.igen@example.dk",
      companions: ["Lars Hansen"],
      answers: { relation: "parent", comment: "Vi kommer begge." },
      phone: "12 34 56 78",
    });
    expect((await getRegistrationByToken(old.token, later(2)))!.again).toBe("register");

    const again = await signUpAgain(old.token, later(2));
    expect(again).toMatchObject({ ok: true, status: "REGISTERED", position: null });
    if (!again.ok) return;
    expect(again.token).not.toBe(old.token);
    expect(again.registrationId).not.toBe(old.registrationId);

    const page = (await getRegistrationByToken(again.token, later(2)))!;
    expect(page.registration).toMatchObject({
      status: "REGISTERED",
      name: "Mette Hansen",
      email: "mette.igen@example.dk",
      phone: "12 34 56 78",
      groupSize: 2,
      people: ["Mette Hansen", "Lars Hansen"],
      answers: { relation: "parent", comment: "Vi kommer begge." },
    });
    expect(page.calendarLinks).toHaveLength(1);
    // the old link still says "cancelled", and no longer offers to sign up again once done
    expect((await getRegistrationByToken(old.token, later(2)))!.registration.status).toBe("CANCELLED");
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).registeredPersons).toBe(2);

    await deliver();
    const confirmations = smtp.to("mette.igen@example.dk").filter((m) => /Du er tilmeldt/.test(m.mail.subject ?? ""));
    expect(confirmations).toHaveLength(2); // the first sign-up and this one
    expect(calendarOf(confirmations.at(-1)!).mime).toBe("REQUEST");
  });

  it("respects the capacity: the waitlist when the places went to others meanwhile", async () => {
    const event = await createEvent({ capacity: 2, now: T0 });
    const old = await cancelled(event.id);
    await createRegistration(event.id, { now: later(2) });
    await createRegistration(event.id, { now: later(3) });
    expect((await getRegistrationByToken(old.token, later(4)))!.again).toBe("waitlist");

    const again = await signUpAgain(old.token, later(4));
    expect(again).toMatchObject({ ok: true, status: "WAITLISTED", position: 1 });
    const fill = await db.event.findUniqueOrThrow({ where: { id: event.id } });
    expect([fill.registeredPersons, fill.waitingCount]).toEqual([2, 1]);
  });

  it("a group that no longer fits waits too, behind nobody it could overtake", async () => {
    const event = await createEvent({ capacity: 3, now: T0 });
    const old = await cancelled(event.id, { companions: ["B", "C"] });
    await createRegistration(event.id, { now: later(2) }); // one of the three places gone
    expect((await getRegistrationByToken(old.token, later(3)))!.again).toBe("waitlist");
    expect(await signUpAgain(old.token, later(3))).toMatchObject({ ok: true, status: "WAITLISTED" });
  });

  it("is refused when the event is full and keeps no waitlist", async () => {
    const event = await createEvent({ capacity: 1, waitlistEnabled: false, now: T0 });
    const old = await cancelled(event.id);
    await createRegistration(event.id, { now: later(2) });
    expect((await getRegistrationByToken(old.token, later(3)))!.again).toBe("full");
    expect(await signUpAgain(old.token, later(3))).toEqual({ ok: false, error: "full" });
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(2);
  });

  it("pressing twice gives one new registration: the second answer is a new link to it", async () => {
    const event = await createEvent({ capacity: 5, now: T0 });
    const old = await cancelled(event.id, { email: "to.gange@example.dk" });
    const first = await signUpAgain(old.token, later(2));
    const second = await signUpAgain(old.token, later(3));
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.registrationId).toBe(first.registrationId);
    expect(second.token).not.toBe(first.token);
    expect(await db.registration.count({ where: { eventId: event.id, status: { not: "CANCELLED" } } })).toBe(1);
    expect((await getRegistrationByToken(second.token, later(3)))!.registration.status).toBe("REGISTERED");
  });

  it("only a cancelled registration can sign up again, and only while sign-up is open", async () => {
    const event = await createEvent({ capacity: 5, now: T0 });
    const active = await createRegistration(event.id, { now: T0 });
    expect(await signUpAgain(active.token, later(1))).toEqual({ ok: false, error: "already-registered" });
    expect((await getRegistrationByToken(active.token, later(1)))!.again).toBeNull();
    expect(await signUpAgain("not-a-real-token-at-all-xxxxxxxx", later(1))).toEqual({ ok: false, error: "not-found" });

    const old = await cancelled(event.id);
    const afterStart = new Date(event.firstStartsAt!.getTime() + 60_000);
    expect((await getRegistrationByToken(old.token, afterStart))!.again).toBeNull();
    expect(await signUpAgain(old.token, afterStart)).toMatchObject({ ok: false });
  });

  it("from the event page, the same address signs up again after a cancel like anyone else", async () => {
    const event = await createEvent({ capacity: 5, now: T0 });
    await cancelled(event.id, { email: "fra.siden@example.dk" });
    const again = await registerForEvent({ eventId: event.id, source: "PUBLIC", name: "Fra Siden", email: "fra.siden@example.dk", locale: "da" }, later(2));
    expect(again).toMatchObject({ ok: true, status: "REGISTERED" });
  });
});

describe("the private page's calendar file", () => {
  it("is the person's own file, with the UIDs and attendee of the mailed one, while they have a place", async () => {
    const event = await createEvent({
      capacity: 5,
      now: T0,
      sessions: [
        [new Date("2030-03-12T16:00:00Z"), new Date("2030-03-12T18:00:00Z")],
        [new Date("2030-03-19T16:00:00Z"), new Date("2030-03-19T18:00:00Z")],
      ],
    });
    const r = await createRegistration(event.id, { email: "kalender@example.dk", now: T0 });
    await deliver();
    const mailed = calendarOf(smtp.to("kalender@example.dk").at(-1)!).cal!;

    const text = await registrationCalendarFile(r.token, later(1));
    const file = parseCalendar(text!);
    expect(file.events.map((e) => e.uid)).toEqual(mailed.events.map((e) => e.uid));
    expect(file.events.map((e) => e.sequence)).toEqual(mailed.events.map((e) => e.sequence));
    expect(file.events[0]!.attendees).toEqual([expect.objectContaining({ value: "mailto:kalender@example.dk" })]);
    expect(file.events.every((e) => e.summary === event.calendarTitle)).toBe(true);
    expect(text).not.toContain(event.title);

    await cancelRegistration(r.token, later(2));
    expect(await registrationCalendarFile(r.token, later(3))).toBeNull();
    expect(await registrationCalendarFile("not-a-real-token-at-all-xxxxxxxx", later(3))).toBeNull();
  });

  it("is not offered to someone on the waitlist", async () => {
    const event = await createEvent({ capacity: 1, now: T0 });
    await createRegistration(event.id, { now: T0 });
    const waiting = await createRegistration(event.id, { now: T0 });
    expect(waiting.status).toBe("WAITLISTED");
    expect(await registrationCalendarFile(waiting.token, later(1))).toBeNull();
    expect((await getRegistrationByToken(waiting.token, later(1)))!.calendarLinks).toBeNull();
  });
});
