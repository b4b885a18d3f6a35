import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { hashToken } from "~/lib/crypto.server";
import { cancelEvent, updateEvent } from "~/models/events.server";
import { acceptOffer, declineOffer, getOffer } from "~/models/waitlist-offers.server";
import { cancelRegistration, getRegistrationByToken, registerForEvent, updateRegistrationAnswers } from "~/models/registrations.server";
import { deleteOldRegistrations } from "~/models/registration-retention.server";
import { expireOffers } from "~/models/waitlist.server";
import { startSession } from "~/lib/auth.server";
import { action as staffEventAction } from "~/routes/staff.events.$eventId._index";
import { call, contextFromCookie } from "../auth/helpers";
import { createEvent, createRegistration, createUser } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { calendarOf } from "./helpers";
import { asInput, deliverAll as deliver } from "./mail-support";

const smtp = smtpServerForFile();
const T0 = new Date("2030-03-01T09:00:00Z");
const hours = (n: number) => new Date(T0.getTime() + n * 3600_000);
const days = (n: number) => hours(24 * n);

beforeEach(() => smtp.clear());

function mailsTo(address: string) {
  return smtp.to(address);
}

/** Four sessions from day 10 on, 17-19 Copenhagen (16-18Z in March). */
function fourSessions(): [Date, Date][] {
  return [10, 17, 24, 31].map((d) => [new Date(days(d).setUTCHours(16, 0, 0, 0)), new Date(days(d).setUTCHours(18, 0, 0, 0))]);
}

describe("capacity", () => {
  it("counts every person of a group; the waitlist takes the rest, in order", async () => {
    const event = await createEvent({ capacity: 3, now: T0 });
    const a = await createRegistration(event.id, { companions: ["Far"], now: T0 });
    expect(a).toMatchObject({ status: "REGISTERED", position: null });
    const b = await createRegistration(event.id, { companions: ["Mor"], now: T0 }); // 2 + 2 > 3
    expect(b).toMatchObject({ status: "WAITLISTED", position: 1 });
    const c = await createRegistration(event.id, { now: T0 }); // 1 place left, but b waits ahead
    expect(c).toMatchObject({ status: "WAITLISTED", position: 2 });
    expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ registeredPersons: 2, waitingCount: 2 });
  });

  it("two requests for the last place give one place", async () => {
    const event = await createEvent({ capacity: 1, now: T0 });
    const results = await Promise.all([createRegistration(event.id, { now: T0 }), createRegistration(event.id, { now: T0 })]);
    expect(results.map((r) => r.status).sort()).toEqual(["REGISTERED", "WAITLISTED"]);
  });

  it("100 simultaneous sign-ups for 10 places give exactly 10 registrations and 90 waitlist places", async () => {
    const event = await createEvent({ capacity: 10, now: T0 });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => createRegistration(event.id, { email: `burst-${i}@example.dk`, now: T0 })));
    expect(results.filter((r) => r.status === "REGISTERED")).toHaveLength(10);
    expect(results.filter((r) => r.status === "WAITLISTED")).toHaveLength(90);
    expect(new Set(results.filter((r) => r.position !== null).map((r) => r.position)).size).toBe(90);
    expect(await db.registration.count({ where: { eventId: event.id, status: "REGISTERED" } })).toBe(10);
    expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ registeredPersons: 10, waitingCount: 90 });
    expect(await db.emailOutbox.count({ where: { kind: "registration-confirmation" } })).toBe(100);
  }, 60_000);

  it("without a waitlist a full event refuses", async () => {
    const event = await createEvent({ capacity: 1, waitlistEnabled: false, now: T0 });
    await createRegistration(event.id, { now: T0 });
    const r = await registerForEvent({ eventId: event.id, source: "PUBLIC", name: "X", email: "x@example.dk", locale: "da" }, T0);
    expect(r).toEqual({ ok: false, error: "full" });
  });
});

describe("who may sign up, and when", () => {
  it("follows the opening, the deadline and the first session", async () => {
    const event = await createEvent({ registrationOpensAt: days(2), registrationClosesAt: days(5), now: T0 });
    const input = { eventId: event.id, source: "PUBLIC" as const, name: "Y", email: "y@example.dk", locale: "da" as const };
    expect(await registerForEvent(input, days(1))).toEqual({ ok: false, error: "not-open" });
    expect((await registerForEvent(input, days(3))).ok).toBe(true);
    expect(await registerForEvent(input, days(5))).toEqual({ ok: false, error: "closed" });
    const noDeadline = await createEvent({ now: T0 });
    expect(await registerForEvent({ ...input, eventId: noDeadline.id }, noDeadline.firstStartsAt!)).toEqual({ ok: false, error: "closed" });
  });

  it("refuses the public on member and invitation events, drafts and cancelled events", async () => {
    const input = { source: "PUBLIC" as const, name: "Z", email: "z@example.dk", locale: "da" as const };
    const members = await createEvent({ visibility: "MEMBERS", now: T0 });
    expect(await registerForEvent({ ...input, eventId: members.id }, T0)).toEqual({ ok: false, error: "not-allowed" });
    const invited = await createEvent({ visibility: "INVITATION", now: T0 });
    expect(await registerForEvent({ ...input, eventId: invited.id }, T0)).toEqual({ ok: false, error: "not-allowed" });
    expect((await registerForEvent({ ...input, eventId: invited.id, source: "INVITATION" }, T0)).ok).toBe(true);
    const draft = await createEvent({ status: "DRAFT", now: T0 });
    expect(await registerForEvent({ ...input, eventId: draft.id }, T0)).toEqual({ ok: false, error: "not-found" });
    const cancelled = await createEvent({ status: "CANCELLED", now: T0 });
    expect(await registerForEvent({ ...input, eventId: cancelled.id }, T0)).toEqual({ ok: false, error: "closed" });
  });
});

describe("the confirmation and the private link", () => {
  it("mails one calendar file with every session (REQUEST, the person as ATTENDEE) and a private link", async () => {
    const event = await createEvent({ capacity: 5, sessions: fourSessions(), now: T0, calendarTitle: "Aftenmøde" });
    const r = await createRegistration(event.id, { email: "mette@example.dk", name: "Mette", now: T0 });
    await deliver();
    const [mail] = mailsTo("mette@example.dk");
    expect(mail!.envelope.to).toEqual(["mette@example.dk"]);
    expect(mail!.mail.subject).toBe("Aftenmøde: Du er tilmeldt");
    expect(mail!.mail.subject).not.toContain(event.title);
    const { mime, cal } = calendarOf(mail!);
    expect(mime).toBe("REQUEST");
    expect(cal!.method).toBe("REQUEST");
    expect(cal!.events).toHaveLength(4);
    expect(cal!.events.map((e) => e.uid)).toEqual(event.sessions.map((s) => `${s.id}@localhost`));
    expect(cal!.events[0]!.attendees).toEqual([{ value: "mailto:mette@example.dk", rsvp: "FALSE", cn: "Mette", partstat: "ACCEPTED" }]);
    expect(mail!.mail.text).toContain(`/registrations/${r.token}`);
    // the token has 256 random bits and only its hash is stored
    expect(r.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await db.registrationToken.findFirst({ where: { tokenHash: r.token } })).toBeNull();
    expect(await db.registrationToken.findFirst({ where: { tokenHash: hashToken(r.token) } })).not.toBeNull();
  });

  it("a waitlisted person gets their position and no calendar file", async () => {
    const event = await createEvent({ capacity: 1, now: T0 });
    await createRegistration(event.id, { now: T0 });
    await createRegistration(event.id, { email: "venter@example.dk", now: T0, locale: "en" });
    await deliver();
    const [mail] = mailsTo("venter@example.dk");
    expect(mail!.mail.subject).toBe("Arrangement — VINK: You are on the waiting list");
    expect(mail!.mail.text).toContain("on the waiting list as number 1");
    expect(mail!.mail.text).toContain("you have 48 hours to accept it");
    expect(calendarOf(mail!).cal).toBeNull();
  });

  it("lets the person change answers and cancel until the first session starts", async () => {
    const event = await createEvent({ now: T0 });
    const r = await createRegistration(event.id, { answers: { relation: "parent" }, now: T0 });
    expect((await getRegistrationByToken(r.token, T0))!.registration.answers).toEqual({ relation: "parent" });
    expect(await updateRegistrationAnswers(r.token, { phone: "12345678", answers: { relation: "sibling", comment: "Hej" } }, T0)).toBe(true);
    const seen = await getRegistrationByToken(r.token, T0);
    expect(seen!.registration).toMatchObject({ phone: "12345678", answers: { relation: "sibling", comment: "Hej" } });
    expect(seen!.canChange).toBe(true);
    const started = event.firstStartsAt!;
    expect((await getRegistrationByToken(r.token, started))!.canChange).toBe(false);
    expect(await cancelRegistration(r.token, started)).toBe(false);
    expect(await cancelRegistration(r.token, T0)).toBe(true);
    expect((await getRegistrationByToken(r.token, T0))!.registration.status).toBe("CANCELLED");
    expect(await getRegistrationByToken("not-a-real-token-at-all-xxxxxxxx", T0)).toBeNull();
  });

  it("a cancellation mails METHOD:CANCEL for the person's own entries", async () => {
    const event = await createEvent({ now: T0 });
    const r = await createRegistration(event.id, { email: "afbud@example.dk", now: T0 });
    await cancelRegistration(r.token, T0);
    await deliver();
    const cancel = mailsTo("afbud@example.dk").find((m) => m.mail.subject?.includes("afmeldt"));
    const { mime, cal } = calendarOf(cancel!);
    expect(mime).toBe("CANCEL");
    expect(cal!.method).toBe("CANCEL");
    expect(cal!.events[0]!.status).toBe("CANCELLED");
  });
});

describe("the waitlist runs itself", () => {
  it("a freed place goes to the first whose group fits; accepting gives the place and a calendar file", async () => {
    const event = await createEvent({ capacity: 2, now: T0 });
    const a = await createRegistration(event.id, { now: T0 });
    await createRegistration(event.id, { now: T0 });
    const big = await createRegistration(event.id, { companions: ["B", "C"], email: "big@example.dk", now: T0 }); // 3 never fits 2
    const small = await createRegistration(event.id, { email: "small@example.dk", now: T0 });
    expect([big.position, small.position]).toEqual([1, 2]);
    await deliver();
    smtp.clear();
    await cancelRegistration(a.token, hours(1));
    await deliver();
    expect(mailsTo("big@example.dk")).toHaveLength(0);
    const [offerMail] = mailsTo("small@example.dk");
    expect(offerMail!.mail.subject).toContain("Der er en plads til dig");
    const offerToken = /\/registrations\/offer\/([A-Za-z0-9_-]+)/.exec(offerMail!.mail.text ?? "")![1]!;
    const offer = await getOffer(offerToken, hours(2));
    expect(offer).toMatchObject({ status: "OPEN", expiresAt: hours(49) });
    // while the offer is open the place is held: a newcomer waits
    const late = await createRegistration(event.id, { now: hours(2) });
    expect(late.status).toBe("WAITLISTED");
    smtp.clear();
    expect(await acceptOffer(offerToken, hours(3))).toMatchObject({ ok: true });
    expect(await acceptOffer(offerToken, hours(3))).toEqual({ ok: false, error: "answered" });
    await deliver();
    const [confirmed] = mailsTo("small@example.dk");
    expect(calendarOf(confirmed!).mime).toBe("REQUEST");
    expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ registeredPersons: 2, heldPersons: 0 });
  });

  it("a declined or expired offer passes to the next; nobody has to do anything", async () => {
    const event = await createEvent({ capacity: 1, now: T0 });
    const first = await createRegistration(event.id, { now: T0 });
    await createRegistration(event.id, { email: "w1@example.dk", now: T0 });
    await createRegistration(event.id, { email: "w2@example.dk", now: T0 });
    await createRegistration(event.id, { email: "w3@example.dk", now: T0 });
    await cancelRegistration(first.token, T0);
    await deliver();
    const token = (to: string) => /\/registrations\/offer\/([A-Za-z0-9_-]+)/.exec(mailsTo(to).at(-1)!.mail.text ?? "")![1]!;
    expect(await declineOffer(token("w1@example.dk"), hours(1))).toBe(true);
    await deliver();
    expect(mailsTo("w2@example.dk").at(-1)!.mail.subject).toContain("Der er en plads til dig");
    expect(await expireOffers(hours(48))).toBe(0); // 47 hours into w2's offer: still open
    expect(await expireOffers(hours(49))).toBe(1);
    await deliver();
    expect(mailsTo("w2@example.dk").at(-1)!.mail.text).toContain("udløbet");
    expect(mailsTo("w3@example.dk").at(-1)!.mail.subject).toContain("Der er en plads til dig");
    expect(await db.waitlistOffer.count({ where: { eventId: event.id, status: "OPEN" } })).toBe(1);
  });

  it("an offer runs no longer than sign-up is open; raising the capacity offers the new places", async () => {
    const event = await createEvent({ capacity: 1, registrationClosesAt: hours(10), now: T0 });
    await createRegistration(event.id, { now: T0 });
    await createRegistration(event.id, { email: "r1@example.dk", now: T0 });
    await createRegistration(event.id, { email: "r2@example.dk", now: T0 });
    const result = await updateEvent({ actorId: null, eventId: event.id, input: { ...asInput(event), capacity: 3 } }, hours(1));
    expect(result.ok).toBe(true);
    const offers = await db.waitlistOffer.findMany({ where: { eventId: event.id } });
    expect(offers).toHaveLength(2);
    expect(offers.every((o) => o.expiresAt.getTime() === hours(10).getTime())).toBe(true);
  });
});

describe("changes reach calendars", () => {
  it("moving a session mails each registered person one REQUEST with the same UID and a higher SEQUENCE", async () => {
    const event = await createEvent({ capacity: 3, sessions: fourSessions(), now: T0 });
    await createRegistration(event.id, { email: "p1@example.dk", now: T0 });
    await createRegistration(event.id, { email: "p2@example.dk", now: T0 });
    await createRegistration(event.id, { companions: ["X", "Y"], email: "waiting@example.dk", now: T0 });
    await deliver();
    const before = calendarOf(mailsTo("p1@example.dk")[0]!).cal!;
    smtp.clear();
    // a change that is neither time nor place sends nothing
    expect(await updateEvent({ actorId: null, eventId: event.id, input: { ...asInput(event), summary: "Ny tekst" } }, T0)).toMatchObject({ ok: true, notified: 0 });
    const sessions = asInput(event).sessions.map((s, i) => (i === 1 ? { ...s, startsAt: hours(24 * 18 + 7), endsAt: hours(24 * 18 + 9) } : s));
    const result = await updateEvent({ actorId: null, eventId: event.id, input: { ...asInput(event), sessions } }, T0);
    expect(result).toMatchObject({ ok: true, notified: 2 });
    await deliver();
    expect(mailsTo("waiting@example.dk")).toHaveLength(0);
    for (const to of ["p1@example.dk", "p2@example.dk"]) {
      const mails = mailsTo(to);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.envelope.to).toEqual([to]);
      const { mime, cal } = calendarOf(mails[0]!);
      expect(mime).toBe("REQUEST");
      expect(cal!.method).toBe("REQUEST");
      expect(cal!.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
      expect(cal!.events.every((e) => e.sequence > before.events[0]!.sequence)).toBe(true);
      expect(cal!.events[1]!.start.toISOString()).toBe(hours(24 * 18 + 7).toISOString());
      expect(cal!.events[0]!.attendees).toEqual([expect.objectContaining({ value: `mailto:${to}`, rsvp: "FALSE", partstat: "ACCEPTED" })]);
    }
    expect(await db.auditLog.findFirst({ where: { entityId: event.id, action: "event.update" } })).not.toBeNull();
  });

  it("cancelling mails METHOD:CANCEL in the MIME part and the file, STATUS:CANCELLED, same UID, higher SEQUENCE", async () => {
    const event = await createEvent({ capacity: 1, sessions: fourSessions(), now: T0 });
    await createRegistration(event.id, { email: "c1@example.dk", now: T0 });
    await createRegistration(event.id, { email: "c2@example.dk", now: T0 }); // waiting
    await deliver();
    const before = calendarOf(mailsTo("c1@example.dk")[0]!).cal!;
    smtp.clear();
    expect(await cancelEvent({ actorId: null, eventId: event.id, message: "Underviseren er syg.\r\nBcc: spy@example.com" }, T0)).toEqual({ ok: true, notified: 2 });
    await deliver();
    const [mail] = mailsTo("c1@example.dk");
    const { mime, cal } = calendarOf(mail!);
    expect(mime).toBe("CANCEL");
    expect(cal!.method).toBe("CANCEL");
    expect(cal!.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
    expect(cal!.events.every((e) => e.status === "CANCELLED" && e.sequence > before.events[0]!.sequence)).toBe(true);
    expect(mail!.mail.text).toContain("Underviseren er syg.");
    expect(smtp.received.every((m) => m.envelope.to.length === 1 && !m.envelope.to.includes("spy@example.com"))).toBe(true);
    const [waiting] = mailsTo("c2@example.dk");
    expect(waiting!.mail.subject).toContain("Aflyst");
    expect(calendarOf(waiting!).cal).toBeNull();
  });

  it("staff's cancel form takes the message as text by the field rules: control characters are refused, nothing is cancelled", async () => {
    const event = await createEvent({ sessions: fourSessions(), now: T0 });
    const staff = await createUser({ role: "STAFF" });
    const ctx = await contextFromCookie(await startSession(staff.id));
    const cancel = (message: string) =>
      call(staffEventAction, { path: `/staff/events/${event.id}`, params: { eventId: event.id }, form: { intent: "cancel", message }, context: ctx });
    // a bell and a line separator would reach the mail and the calendar file's DESCRIPTION line
    const refused = await cancel("Aflyst\u0007 i dag\u2028BEGIN:VALARM");
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errors: { message: "form.invalid" }, values: { message: "Aflyst\u0007 i dag\u2028BEGIN:VALARM" } });
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("PUBLISHED");
    expect((await cancel("x".repeat(5001))).body).toMatchObject({ errors: { message: "events.errorTooLong" } });
    // line breaks are text: kept as \n
    expect((await cancel("Underviseren er syg.\r\nVi vender tilbage.")).status).toBe(302);
    expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: "CANCELLED", cancelMessage: "Underviseren er syg.\nVi vender tilbage." });
  });
});

describe("deletion", () => {
  it("deletes registrations 90 days after the event's last day, and not before", async () => {
    const event = await createEvent({ sessions: fourSessions(), now: T0 });
    const r = await createRegistration(event.id, { answers: { comment: "x" }, companions: ["Y"], now: T0 });
    const lastDay = event.lastEndsAt!;
    await deleteOldRegistrations(new Date(lastDay.getTime() + 89 * 86_400_000));
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(1);
    expect(await deleteOldRegistrations(new Date(lastDay.getTime() + 91 * 86_400_000))).toBe(1);
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);
    expect(await db.registrationPerson.count({ where: { registrationId: r.registrationId } })).toBe(0);
    expect(await db.registrationAnswer.count({ where: { registrationId: r.registrationId } })).toBe(0);
    expect(await getRegistrationByToken(r.token, T0)).toBeNull();
  });
});
