import { describe, expect, it } from "vitest";
import { parseForm } from "~/lib/forms.server";
import { db } from "~/lib/db.server";
import { runTasks } from "~/lib/scheduled.server";
import { scheduledTasks } from "~/scheduled-tasks.server";
import { eventFormSchema, type EventInput } from "~/models/event-form";
import { updateEvent } from "~/models/events.server";
import { getPublicEvent, listPublicEvents } from "~/models/public-events.server";
import { addParticipantByHand, getParticipants, moveRegistration, setAttendance, staffCancelRegistration } from "~/models/participants.server";
import { listMemberContactsForEvent, registerMemberContact } from "~/models/member-registrations.server";
import { neutraliseCell, participantsCsv } from "~/models/participants-csv.server";
import { signupSchema } from "~/models/registration-form";
import { createActiveMember, createEvent, createRegistration, createUser } from "../support/factories";

const T0 = new Date("2030-05-01T08:00:00Z");

function form(fields: Record<string, string | string[]>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

const validSignup = { name: "Mette Hansen", email: "Mette@Example.dk", groupSize: "1" };

describe("hostile input in the sign-up form", () => {
  it("accepts a normal sign-up and keeps only the companions the group needs", () => {
    const ok = parseForm(form({ ...validSignup, groupSize: "2", person2: "Lars", person3: "ignored" }), signupSchema);
    expect(ok.ok && ok.data).toMatchObject({ email: "mette@example.dk", companions: ["Lars"], honeypot: false });
  });

  it.each([
    ["an empty name", { name: "  " }, "name", "events.errorNameMissing"],
    ["markup in the name", { name: "<img src=x onerror=alert(1)>" }, "name", "events.errorNameMarkup"],
    ["CR/LF in the name", { name: "Eve\r\nBcc: spy@example.com" }, "name", "events.errorNameControl"],
    ["a control character", { name: "Eve\u0007" }, "name", "events.errorNameControl"],
    ["100 KB in the name", { name: "x".repeat(100_000) }, "name", "events.errorNameTooLong"],
    ["no address", { email: "" }, "email", "events.errorEmailMissing"],
    ["a second address", { email: "a@example.dk, b@example.dk" }, "email", "events.errorEmailInvalid"],
    ["CR/LF in the address", { email: "a@example.dk\r\nBcc: b@example.dk" }, "email", "events.errorEmailInvalid"],
    ["100 KB in the comment", { comment: "y".repeat(100_000) }, "comment", "events.errorTooLong"],
    ["a group of four", { groupSize: "4" }, "groupSize", "events.errorGroupSize"],
    ["a missing person 2", { groupSize: "2" }, "person2", "events.errorPerson2Missing"],
    ["a missing companion", { groupSize: "3", person2: "Lars" }, "person3", "events.errorPerson3Missing"],
    ["markup in person 2's name", { groupSize: "2", person2: "<b>Lars</b>" }, "person2", "events.errorPerson2Markup"],
    ["letters as a phone number", { phone: "ring mig" }, "phone", "events.errorPhone"],
  ])("refuses %s beside the field", (_, fields, field, message) => {
    const result = parseForm(form({ ...validSignup, ...fields }), signupSchema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toBe(message);
  });

  it("\"Kun mig\" neither stores nor refuses what is left in the fields of person 2 and 3", () => {
    const ok = parseForm(form({ ...validSignup, groupSize: "1", person2: "<b>Lars</b>", person3: "x".repeat(500) }), signupSchema);
    expect(ok.ok && ok.data.companions).toEqual([]);
  });

  it("lists the problems in the order of the form: name, email, people, then the questions", () => {
    const result = parseForm(form({ name: "", email: "", groupSize: "2", comment: "y".repeat(3000) }), signupSchema);
    expect(!result.ok && Object.keys(result.errors)).toEqual(["name", "email", "person2", "comment"]);
  });

  it("the honeypot is noticed", () => {
    const result = parseForm(form({ ...validSignup, website: "http://spam.example" }), signupSchema);
    expect(result.ok && result.data.honeypot).toBe(true);
  });

  it("a name that reached the model raw never reaches a mail header or a calendar line", async () => {
    const event = await createEvent({ now: T0 });
    await createRegistration(event.id, { name: "Eve\r\nBcc: spy@example.com", email: "eve@example.dk", now: T0 });
    const row = await db.emailOutbox.findFirstOrThrow({ where: { toAddress: "eve@example.dk" } });
    expect(row.toName).not.toMatch(/[\r\n]/);
    expect(row.subject).not.toMatch(/[\r\n]/);
    expect(row.icsContent!.split("\r\n").filter((l) => /^(ATTENDEE|BCC|Bcc)/.test(l))).toHaveLength(1);
    expect(row.html).not.toContain("<script");
  });
});

describe("the staff form", () => {
  const base = {
    kind: "COURSE_PARENTS",
    title: "Kursus",
    summary: "Kort",
    track: "1",
    audience: "RELATIVES",
    visibility: "PUBLIC",
    placeAddress: "Rådhuspladsen 1",
    languages: "da",
    calendarTitle: "",
    "sessionId[]": ["", ""],
    "sessionDate[]": ["2026-10-22", ""],
    "sessionStart[]": ["17:00", ""],
    "sessionEnd[]": ["19:00", ""],
    "sessionAddress[]": ["", ""],
    "sessionRoom[]": ["", ""],
  };

  it("reads Copenhagen wall-clock times, ignores empty rows, defaults the discreet title", () => {
    const result = parseForm(form(base), eventFormSchema);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.sessions).toEqual([{ id: undefined, startsAt: new Date("2026-10-22T15:00:00Z"), endsAt: new Date("2026-10-22T17:00:00Z"), placeAddress: null, placeRoom: null }]);
    expect(result.data.calendarTitle).toBe("Arrangement — VINK");
    expect(result.data.capacity).toBeNull();
  });

  it("refuses http links, no sessions, an end before the start, a title with a line break", () => {
    const result = parseForm(
      form({ ...base, onlineUrl: "http://meet.example.dk", title: "A\nB", "sessionStart[]": ["19:00", ""], "sessionEnd[]": ["17:00", ""], capacity: "-1" }),
      eventFormSchema,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({ onlineUrl: "events.errorHttps", title: "form.invalid", capacity: "events.errorCapacity" });
    const order = parseForm(form({ ...base, "sessionStart[]": ["19:00", ""], "sessionEnd[]": ["17:00", ""] }), eventFormSchema);
    expect(!order.ok && order.errors["session-0"]).toBe("events.errorSessionOrder");
    const none = parseForm(form({ ...base, "sessionDate[]": ["", ""], "sessionStart[]": ["", ""], "sessionEnd[]": ["", ""] }), eventFormSchema);
    expect(!none.ok && none.errors["session-0"]).toBe("events.errorNoSessions");
  });

  it("refuses the control characters every form refuses (C1, U+2028) in one-line fields and session places, keeps the events area's texts", () => {
    const result = parseForm(
      form({ ...base, title: "Kursus\u0085for forældre", placeRoom: "Lokale\u20283", summary: "x".repeat(501) }),
      eventFormSchema,
    );
    expect(!result.ok && result.errors).toEqual({ title: "form.invalid", placeRoom: "form.invalid", summary: "events.errorTooLong" });
    const session = parseForm(form({ ...base, "sessionRoom[]": ["Sal\u009b2", ""] }), eventFormSchema);
    expect(!session.ok && session.errors).toEqual({ "session-0": "form.invalid" });
    const text = parseForm(form({ ...base, description: "Første linje\r\n\tanden", placeDirections: "Gå ind\u0085" }), eventFormSchema);
    expect(!text.ok && text.errors).toEqual({ placeDirections: "form.invalid" });
  });
});

describe("who sees what", () => {
  it("lists public published upcoming events soonest first, filtered by kind, audience and month", async () => {
    const later = await createEvent({ kind: "TALK", audience: "EVERYONE", sessions: [[new Date("2030-07-02T10:00:00Z"), new Date("2030-07-02T12:00:00Z")]], now: T0 });
    const sooner = await createEvent({ kind: "THEME_DAY", audience: "FRONTLINE", sessions: [[new Date("2030-06-02T10:00:00Z"), new Date("2030-06-02T12:00:00Z")]], now: T0 });
    await createEvent({ visibility: "MEMBERS", now: T0 });
    await createEvent({ status: "DRAFT", now: T0 });
    const ids = (await listPublicEvents({}, T0)).map((e) => e.id);
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id));
    expect((await listPublicEvents({ kind: "TALK" }, T0)).map((e) => e.id)).toEqual([later.id]);
    expect((await listPublicEvents({ audience: "FRONTLINE" }, T0)).map((e) => e.id)).toEqual([sooner.id]);
    // a line's times are dates, as the page formats them in Copenhagen time
    expect((await listPublicEvents({ audience: "FRONTLINE" }, T0))[0]).toMatchObject({
      firstStartsAt: new Date("2030-06-02T10:00:00Z"),
      lastEndsAt: new Date("2030-06-02T12:00:00Z"),
      sessionCount: 1,
      online: false,
    });
    expect((await listPublicEvents({ month: "2030-06" }, T0)).map((e) => e.id)).toEqual([sooner.id]);
    expect(await listPublicEvents({}, new Date("2031-01-01"))).toEqual([]);
  });

  it("hides the online link from the public page; drafts and member events only for those allowed", async () => {
    const online = await createEvent({ onlineUrl: "https://meet.example.dk/hemmelig", now: T0 });
    const page = await getPublicEvent(online.slug, null, T0);
    expect(JSON.stringify(page)).not.toContain("hemmelig");
    const draft = await createEvent({ status: "DRAFT", now: T0 });
    expect(await getPublicEvent(draft.id, null, T0)).toBeNull();
    const staff = await createUser({ role: "STAFF" });
    expect(await getPublicEvent(draft.id, { userId: staff.id, role: "STAFF" }, T0)).not.toBeNull();
    const members = await createEvent({ visibility: "MEMBERS", now: T0 });
    const member = await createActiveMember();
    expect(await getPublicEvent(members.id, null, T0)).toBeNull();
    expect(await getPublicEvent(members.id, { userId: member.id, role: "MEMBER" }, T0)).not.toBeNull();
  });
});

describe("members register their contact persons with one click", () => {
  it("registers a contact of the member's own organisation, once, and nobody else's", async () => {
    const event = await createEvent({ visibility: "MEMBERS", now: T0 });
    const member = await createActiveMember({ name: "Kontakt Et" });
    const colleague = await createUser({ role: "MEMBER", name: "Kontakt To" });
    await db.organisationContact.create({ data: { organisationId: member.organisation.id, userId: colleague.id, title: "Leder" } });
    const outsider = await createActiveMember();
    const contacts = await listMemberContactsForEvent({ userId: member.id, eventId: event.id });
    expect(contacts!.contacts.map((c) => c.name).sort()).toEqual(["Kontakt Et", "Kontakt To"]);
    expect(await registerMemberContact({ actorUserId: member.id, contactUserId: colleague.id, eventId: event.id }, T0)).toMatchObject({ ok: true, status: "REGISTERED" });
    expect(await registerMemberContact({ actorUserId: member.id, contactUserId: colleague.id, eventId: event.id }, T0)).toEqual({ ok: false, error: "already-registered" });
    expect(await registerMemberContact({ actorUserId: member.id, contactUserId: outsider.id, eventId: event.id }, T0)).toEqual({ ok: false, error: "not-allowed" });
    const nonMember = await createUser({ role: "MEMBER" });
    expect(await registerMemberContact({ actorUserId: nonMember.id, contactUserId: nonMember.id, eventId: event.id }, T0)).toEqual({ ok: false, error: "not-allowed" });
    const r = await db.registration.findFirstOrThrow({ where: { eventId: event.id, userId: colleague.id } });
    expect(r).toMatchObject({ source: "MEMBER", email: colleague.email, organisationId: member.organisation.id });
  });
});

describe("staff on the day", () => {
  it("adds, moves and cancels by hand, takes attendance, exports for Danish Excel — all audited", async () => {
    const staff = await createUser({ role: "STAFF" });
    const event = await createEvent({ capacity: 2, now: T0, questions: ["relation", "comment"] });
    const phoned = await addParticipantByHand({ actorId: staff.id, eventId: event.id, person: { name: "=HYPERLINK(\"http://evil\")", email: "", phone: "+4512345678", locale: "da", companions: [] } }, T0);
    expect(phoned).toMatchObject({ ok: true, status: "REGISTERED" });
    const other = await createRegistration(event.id, { answers: { relation: "parent", comment: "@SUM(A1)" }, companions: ["-Bo"], now: T0 });
    expect(other.status).toBe("WAITLISTED");
    expect(await moveRegistration({ actorId: staff.id, registrationId: other.registrationId, to: "REGISTERED" }, T0)).toBe(true);
    if (!phoned.ok) return;
    const session = event.sessions[0]!;
    expect(await setAttendance({ actorId: staff.id, eventId: event.id, sessionId: session.id, present: new Set([phoned.registrationId]) })).toBe(true);
    const list = await getParticipants(event.id);
    expect(list.find((p) => p.id === phoned.registrationId)!.present[session.id]).toBe(true);
    expect(list.find((p) => p.id === other.registrationId)!.present[session.id]).toBe(false);

    const csv = (await participantsCsv({ eventId: event.id, locale: "da", actorId: staff.id }))!;
    expect(csv.content.startsWith("\uFEFF")).toBe(true);
    const lines = csv.content.slice(1).split("\r\n");
    expect(lines[0]).toBe("Status;Navn;Personer;E-mail;Telefon;Antal;Organisation;Din relation til den unge;Kommentar;Tilmeldt;Mødt 8. maj 2030");
    expect(csv.content).toContain("'=HYPERLINK");
    expect(csv.content).toContain("'@SUM(A1)");
    expect(csv.content).toContain("Forælder");
    expect(csv.content).not.toMatch(/;[=+\-@]/);
    expect(neutraliseCell("+45 1234")).toBe("'+45 1234");
    expect(neutraliseCell("Mette")).toBe("Mette");

    expect(await staffCancelRegistration({ actorId: staff.id, registrationId: other.registrationId }, T0)).toBe(true);
    const actions = (await db.auditLog.findMany({ where: { actorId: staff.id }, select: { action: true } })).map((a) => a.action).sort();
    expect(actions).toEqual(["event.attendance", "event.export", "registration.add", "registration.cancel", "registration.move.registered"]);
  });

  it("refuses to drop a session that people have in their calendars", async () => {
    const event = await createEvent({ now: T0, sessions: [[new Date("2030-06-01T15:00:00Z"), new Date("2030-06-01T17:00:00Z")], [new Date("2030-06-08T15:00:00Z"), new Date("2030-06-08T17:00:00Z")]] });
    const input = {
      kind: event.kind, title: event.title, summary: event.summary, description: event.description, track: event.track, audience: event.audience,
      visibility: event.visibility, placeAddress: event.placeAddress, languages: ["da"], capacity: event.capacity, waitlistEnabled: true, questions: [],
      sessions: [{ id: event.sessions[0]!.id, startsAt: event.sessions[0]!.startsAt, endsAt: event.sessions[0]!.endsAt }],
    } satisfies EventInput;
    expect(await updateEvent({ actorId: null, eventId: event.id, input }, T0)).toEqual({ ok: false, error: "session-removed" });
  });
});

describe("scheduled work", () => {
  it("the worker's tasks expire offers and delete old registrations", async () => {
    expect(scheduledTasks.map((t) => t.name)).toEqual(expect.arrayContaining(["expire-waitlist-offers", "delete-old-registrations"]));
    const event = await createEvent({ capacity: 1, now: T0 });
    const first = await createRegistration(event.id, { now: T0 });
    await createRegistration(event.id, { now: T0 });
    await staffCancelRegistration({ actorId: (await createUser()).id, registrationId: first.registrationId }, T0);
    expect(await db.waitlistOffer.count({ where: { eventId: event.id, status: "OPEN" } })).toBe(1);
    await runTasks(scheduledTasks, new Date(T0.getTime() + 49 * 3600_000));
    expect(await db.waitlistOffer.count({ where: { eventId: event.id, status: "EXPIRED" } })).toBe(1);
    await runTasks(scheduledTasks, new Date(event.lastEndsAt!.getTime() + 91 * 86_400_000));
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);
  });
});
