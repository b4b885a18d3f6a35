import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { updateEvent } from "~/models/events.server";
import { answerInvitation } from "~/models/invitation-answers.server";
import { composeSchema, prepareInvitation } from "~/models/invitation-compose.server";
import { sendInvitation } from "~/models/invitation-sending.server";
import { cancelRegistration, registerForEvent } from "~/models/registrations.server";
import { moveRegistration, staffCancelRegistration } from "~/models/participants.server";
import { createEvent, createRegistration, createUser } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { calendarOf } from "./helpers";
import { asInput, deliverAll } from "./mail-support";

/**
 * RFC 5546 §3.2.5: a CANCEL (or an update) must carry a SEQUENCE above the last file the person got for those UIDs,
 * or Google and Outlook ignore it and the sessions stay in the person's calendar. Every file is read back from the
 * real SMTP server and parsed with ical.js.
 */

const smtp = smtpServerForFile();
const T0 = new Date("2030-03-01T09:00:00Z");
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeEach(() => smtp.clear());

/** The calendar files one address received, in order: method and the SEQUENCE (the same on every session). */
function filesTo(address: string) {
  return smtp
    .to(address)
    .map((m) => calendarOf(m))
    .filter((c) => c.cal)
    .map(({ mime, cal }) => {
      const sequences = new Set(cal!.events.map((e) => e.sequence));
      expect(sequences.size).toBe(1);
      expect(cal!.method).toBe(mime);
      return { method: mime!, sequence: [...sequences][0]!, uids: cal!.events.map((e) => e.uid) };
    });
}

describe("every CANCEL goes above the confirmation it undoes", () => {
  it("when the person cancels themselves", async () => {
    const event = await createEvent({ now: T0 });
    const r = await createRegistration(event.id, { email: "selv@example.dk", now: T0 });
    await deliverAll();
    expect(await cancelRegistration(r.token, later(5))).toBe(true);
    await deliverAll();
    const [confirmation, cancel] = filesTo("selv@example.dk");
    expect(confirmation).toMatchObject({ method: "REQUEST" });
    expect(cancel).toMatchObject({ method: "CANCEL", uids: confirmation!.uids });
    expect([confirmation!.sequence, cancel!.sequence]).toEqual([0, 1]);
    expect((await db.registration.findUniqueOrThrow({ where: { id: r.registrationId } })).calendarSequence).toBe(cancel!.sequence);
  });

  it("when staff cancel the place", async () => {
    const staff = await createUser({ role: "STAFF" });
    const event = await createEvent({ now: T0 });
    const r = await createRegistration(event.id, { email: "stab@example.dk", now: T0 });
    await deliverAll();
    expect(await staffCancelRegistration({ actorId: staff.id, registrationId: r.registrationId }, later(5))).toBe(true);
    await deliverAll();
    const [confirmation, cancel] = filesTo("stab@example.dk");
    expect(cancel).toMatchObject({ method: "CANCEL", uids: confirmation!.uids });
    expect([confirmation!.sequence, cancel!.sequence]).toEqual([0, 1]);
  });

  it("when staff move the person to the waitlist, and back", async () => {
    const staff = await createUser({ role: "STAFF" });
    const event = await createEvent({ now: T0 });
    const r = await createRegistration(event.id, { email: "flyttet@example.dk", now: T0 });
    await deliverAll();
    expect(await moveRegistration({ actorId: staff.id, registrationId: r.registrationId, to: "WAITLISTED" }, later(5))).toBe(true);
    await deliverAll();
    expect(await moveRegistration({ actorId: staff.id, registrationId: r.registrationId, to: "REGISTERED" }, later(10))).toBe(true);
    await deliverAll();
    const [confirmation, cancel, again] = filesTo("flyttet@example.dk");
    expect(cancel).toMatchObject({ method: "CANCEL", uids: confirmation!.uids });
    // the place given back must beat the CANCEL, or the calendar keeps it removed
    expect(again).toMatchObject({ method: "REQUEST", uids: confirmation!.uids });
    expect([confirmation!.sequence, cancel!.sequence, again!.sequence]).toEqual([0, 1, 2]);
  });
});

describe("signing up again, and changes after", () => {
  it("a new registration of the same address starts above the cancelled one's files; a change ends above each person's last", async () => {
    const event = await createEvent({ now: T0, sessions: [[later(7 * 1440), later(7 * 1440 + 120)], [later(14 * 1440), later(14 * 1440 + 120)]] });
    const first = await createRegistration(event.id, { email: "igen@example.dk", now: T0 });
    await createRegistration(event.id, { email: "anden@example.dk", now: T0 });
    await deliverAll();
    await cancelRegistration(first.token, later(5));
    const again = await registerForEvent({ eventId: event.id, source: "PUBLIC", name: "Igen", email: "igen@example.dk", locale: "da" }, later(10));
    expect(again).toMatchObject({ ok: true, status: "REGISTERED" });
    await deliverAll();
    const [confirmation, cancel, renewed] = filesTo("igen@example.dk");
    expect(cancel!.method).toBe("CANCEL");
    expect(renewed).toMatchObject({ method: "REQUEST", uids: confirmation!.uids });
    expect([confirmation!.sequence, cancel!.sequence, renewed!.sequence]).toEqual([0, 1, 2]);

    // staff move the second session: the event's sequence rises by one, and each person's update beats their own last
    const full = (await db.event.findUniqueOrThrow({ where: { id: event.id }, include: { sessions: { orderBy: { position: "asc" } } } }))!;
    const moved = asInput(
      full,
      full.sessions.map((s, i) => ({ id: s.id, startsAt: i === 1 ? later(15 * 1440) : s.startsAt, endsAt: i === 1 ? later(15 * 1440 + 120) : s.endsAt, placeAddress: s.placeAddress, placeRoom: s.placeRoom })),
    );
    const updated = await updateEvent({ actorId: null, eventId: event.id, input: moved }, later(20));
    expect(updated.ok && updated.event.sequence).toBe(1);
    await deliverAll();
    const change = filesTo("igen@example.dk").at(-1)!;
    expect(change.method).toBe("REQUEST");
    expect(change.sequence).toBe(3); // above the renewed registration's 2, though the event's own is 1
    const other = filesTo("anden@example.dk");
    expect(other.map((f) => f.sequence)).toEqual([0, 1]);
  });
});

describe("the invitation flow", () => {
  it("invitation REQUEST → yes (confirmation above it) → no (CANCEL above that)", async () => {
    const event = await createEvent({ now: T0 });
    const input = composeSchema.parse({ subject: "Invitation", message: "Kom gerne.", pasted: "Ida;ida@example.dk" });
    const prepared = await prepareInvitation({ actorId: null, eventId: event.id, input, table: null }, T0);
    if (!prepared.ok) throw new Error(prepared.error);
    await sendInvitation({ actorId: null, invitationId: prepared.invitationId }, T0);
    await deliverAll();
    const token = /\/invitations\/([A-Za-z0-9_-]{43})\?answer=yes/.exec(smtp.to("ida@example.dk")[0]!.mail.text!)![1]!;
    expect(await answerInvitation(token, "YES", later(5))).toMatchObject({ ok: true, registration: "REGISTERED" });
    await deliverAll();
    expect(await answerInvitation(token, "NO", later(10))).toMatchObject({ ok: true });
    await deliverAll();
    const [invitation, confirmation, cancel] = filesTo("ida@example.dk");
    expect(invitation!.method).toBe("REQUEST");
    expect(confirmation).toMatchObject({ method: "REQUEST", uids: invitation!.uids });
    expect(cancel).toMatchObject({ method: "CANCEL", uids: invitation!.uids });
    expect([invitation!.sequence, confirmation!.sequence, cancel!.sequence]).toEqual([0, 1, 2]);
  });
});
