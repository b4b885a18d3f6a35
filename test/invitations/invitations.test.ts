import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionUid } from "~/lib/calendar.server";
import { hashToken } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { deliverDue, resetTransport } from "~/lib/mail-worker.server";
import type { EventInput } from "~/models/event-form";
import { cancelEvent, updateEvent, type getEventForStaff } from "~/models/events.server";
import { answerInvitation, recipientEmailByToken } from "~/models/invitation-answers.server";
import { composeSchema, prepareInvitation, previewInvitation, sendTestToSelf } from "~/models/invitation-compose.server";
import { invitationProgress, listRecipients } from "~/models/invitation-progress.server";
import { remindNonAnswerers, resendFailed, sendInvitation } from "~/models/invitation-sending.server";
import { isOptedOut, optOut } from "~/models/optouts.server";
import { createActiveMember, createEvent, createUser } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { checkMail, deliverAll, tokenIn } from "./helpers";

const smtp = smtpServerForFile();
beforeEach(() => {
  smtp.clear();
});

const compose = (over: Partial<Record<string, unknown>> = {}) => {
  const parsed = composeSchema.safeParse({ subject: "Invitation til temaaften", message: "Kære alle\n\nVi håber, I vil komme.\nSe https://vink.kk.dk", pasted: "", ...over });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
};

async function sendTo(eventId: string, input: ReturnType<typeof compose>, csv: string | null = null) {
  const staff = await createUser({ role: "STAFF" });
  const prepared = await prepareInvitation({ actorId: staff.id, eventId, input, table: csv });
  if (!prepared.ok) throw new Error(`prepare failed: ${prepared.error}`);
  const sent = await sendInvitation({ actorId: staff.id, invitationId: prepared.invitationId });
  if (!sent.ok) throw new Error(`send failed: ${sent.error}`);
  return { staff, invitationId: prepared.invitationId, summary: prepared.summary, queued: sent.queued };
}

function eventInput(event: NonNullable<Awaited<ReturnType<typeof getEventForStaff>>>, sessions: EventInput["sessions"]): EventInput {
  return {
    kind: event.kind,
    title: event.title,
    summary: event.summary,
    description: event.description,
    track: event.track,
    audience: event.audience,
    visibility: event.visibility,
    placeAddress: event.placeAddress,
    placeRoom: event.placeRoom,
    languages: event.languages.split(","),
    capacity: event.capacity,
    waitlistEnabled: event.waitlistEnabled,
    questions: event.questions.split(",").filter(Boolean) as EventInput["questions"],
    calendarTitle: event.calendarTitle,
    sessions,
  } as EventInput;
}

describe("queueing a mailing in bulk (queueEmails)", () => {
  it("applies queueEmail's checks and skips keys already queued", async () => {
    const { queueEmails } = await import("~/lib/outbox.server");
    const mail = (to: string, key: string) => ({ kind: "test", dedupeKey: key, to, subject: "Hej", html: "<p>x</p>", text: "x" });
    await expect(queueEmails(db, [mail("a@example.dk", "bulk:1"), mail("a@example.dk, b@example.dk", "bulk:2")])).rejects.toThrow(/multiple/);
    expect(await db.emailOutbox.count({ where: { kind: "test" } })).toBe(0);
    expect(await queueEmails(db, [mail("a@example.dk", "bulk:1"), mail("b@example.dk", "bulk:1"), mail("c@example.dk", "bulk:3")])).toBe(2);
    expect(await queueEmails(db, [mail("a@example.dk", "bulk:1"), mail("d@example.dk", "bulk:4")])).toBe(1);
    await expect(queueEmails(db, [{ ...mail("e@example.dk", "bulk:5"), headers: { Bcc: "x@example.dk" } }])).rejects.toThrow(/header/);
  });
});

describe("composing", () => {
  it("refuses HTML and control characters in what staff write", () => {
    expect(composeSchema.safeParse({ subject: "Hej", message: "<b>fed</b>" }).success).toBe(false);
    expect(composeSchema.safeParse({ subject: "Hej\r\nBcc: x@example.dk", message: "tekst" }).success).toBe(false);
  });

  it("a list with bad lines is reported and nothing is saved or sent", async () => {
    const event = await createEvent();
    const result = await prepareInvitation({ actorId: null, eventId: event.id, input: compose({ pasted: "Anna;anna@example.dk\nEve;eve@example.dk,bob@example.dk" }), table: 'navn;email\nMallory;"m@example.dk\r\nBcc: v@example.dk"\nAnna;anna@example.dk' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error === "bad-lines" && result.lineErrors.map((e) => [e.source, e.line, e.problem])).toEqual([
      ["pasted", 2, "invitations.line.secondAddress"],
      ["csv", 2, "invitations.line.lineBreak"],
    ]);
    expect(await db.invitation.count({ where: { eventId: event.id } })).toBe(0);
    expect(await db.emailOutbox.count()).toBe(0);
  });
});

describe("sending: one message per recipient, with their own calendar invitation", () => {
  it("merges audiences, leaves out opt-outs, and every mail read back satisfies the rules", async () => {
    const event = await createEvent({ calendarTitle: "Arrangement — VINK" });
    const memberDa = await createActiveMember({ email: "medlem@example.dk", name: "Mette Medlem" });
    const memberEn = await createActiveMember({ email: "member@example.org", name: "Mary Member", locale: "en" });
    await optOut("nej.tak@example.dk");
    const pasted = "navn;email\nAnna Hansen;anna@example.dk\nBo Jensen;bo@example.dk\nMette igen;MEDLEM@example.dk\nNej Tak;nej.tak@example.dk\nBo Jensen;bo@example.dk";
    const { invitationId, summary, queued, staff } = await sendTo(event.id, compose({ members: "on", pasted }));
    expect(summary).toMatchObject({ members: 2, pasted: 4, optedOut: 1, total: 4 });
    expect(summary.duplicates).toBe(2);
    expect(queued).toBe(4);
    await deliverAll();

    expect(smtp.received).toHaveLength(4);
    const session = event.sessions[0]!;
    for (const address of ["anna@example.dk", "bo@example.dk", memberDa.email, memberEn.email]) {
      const mails = smtp.to(address);
      expect(mails).toHaveLength(1);
      const cal = checkMail(mails[0]!, { to: address, method: "REQUEST", unsubscribe: true })!;
      expect(cal.events).toHaveLength(1);
      expect(cal.events[0]!.uid).toBe(sessionUid(session.id));
      expect(cal.events[0]!.sequence).toBe(event.sequence);
      expect(cal.events[0]!.summary).toBe("Arrangement — VINK");
      // the real title is in the body, never in the subject or the calendar; a discreet event's subject is the
      // calendar title's, and staff's own subject is the heading inside, after the neutral opening
      expect(event.discreet).toBe(true);
      expect(mails[0]!.mail.subject).toBe("Invitation: Arrangement — VINK");
      expect(mails[0]!.mail.text).toContain(event.title);
      expect(mails[0]!.mail.text).toContain("Invitation til temaaften");
    }
    expect(smtp.to("nej.tak@example.dk")).toHaveLength(0);
    expect(smtp.to(memberEn.email)[0]!.mail.text).toContain("Will you come?");
    expect(smtp.to("anna@example.dk")[0]!.mail.text).toContain("Kommer du?");
    expect(smtp.to(memberDa.email)[0]!.mail.text).toContain("Kære Mette Medlem");

    // the personal token: 256 bits, only its hash stored
    const token = tokenIn(smtp.to("anna@example.dk")[0]!);
    const link = await db.invitationLink.findUnique({ where: { tokenHash: hashToken(token) }, include: { recipient: true } });
    expect(link?.recipient.email).toBe("anna@example.dk");
    expect(JSON.stringify(await db.invitationLink.findMany())).not.toContain(token);

    const progress = await invitationProgress(invitationId);
    expect(progress).toEqual({ total: 4, sent: 4, failed: 0, waiting: 0, done: true });
    const list = await listRecipients(invitationId);
    expect(list!.counts).toEqual({ sent: 4 });

    // a second confirmation (double click, second tab) sends nothing
    expect(await sendInvitation({ actorId: staff.id, invitationId })).toEqual({ ok: false, error: "already-sent" });
    await deliverAll();
    expect(smtp.received).toHaveLength(4);
  });

  it("previews as a real recipient in Danish and English, and sends a test to the staff member only", async () => {
    const event = await createEvent();
    const staff = await createUser({ role: "STAFF", email: "medarbejder@kk.dk", name: "Sara Stab" });
    const prepared = await prepareInvitation({ actorId: staff.id, eventId: event.id, input: compose({ pasted: "Anna Hansen;anna@example.dk" }), table: null });
    expect(prepared.ok).toBe(true);
    const id = prepared.ok ? prepared.invitationId : "";
    const da = await previewInvitation(id, "da");
    const en = await previewInvitation(id, "en");
    expect(da!.recipient.email).toBe("anna@example.dk");
    expect(da!.text).toContain("Kære Anna Hansen");
    expect(en!.text).toContain("Dear Anna Hansen");
    expect(en!.text).toContain("Will you come?");
    await sendTestToSelf({ staff, invitationId: id, locale: "da" });
    await deliverAll();
    expect(smtp.received).toHaveLength(1);
    checkMail(smtp.received[0]!, { to: "medarbejder@kk.dk", method: "REQUEST", unsubscribe: false });
    expect(smtp.to("anna@example.dk")).toHaveLength(0);
  });
});

describe("answering without signing in", () => {
  it("yes registers (capacity and waitlist as for anyone), the answer can change, and staff see it", async () => {
    const event = await createEvent({ capacity: 1, waitlistEnabled: true });
    const { invitationId } = await sendTo(event.id, compose({ pasted: "Anna;anna@example.dk\nBo;bo@example.dk\nCai;cai@example.dk" }));
    await deliverAll();
    const anna = tokenIn(smtp.to("anna@example.dk")[0]!);
    const bo = tokenIn(smtp.to("bo@example.dk")[0]!);
    const cai = tokenIn(smtp.to("cai@example.dk")[0]!);
    smtp.clear();

    expect(await answerInvitation(anna, "YES")).toEqual({ ok: true, answer: "YES", registration: "REGISTERED" });
    expect(await answerInvitation(anna, "YES")).toMatchObject({ ok: true, registration: "REGISTERED" });
    expect(await answerInvitation(bo, "YES")).toEqual({ ok: true, answer: "YES", registration: "WAITLISTED" });
    expect(await answerInvitation(cai, "MAYBE")).toEqual({ ok: true, answer: "MAYBE", registration: null });
    expect(await db.registration.count({ where: { eventId: event.id, status: { not: "CANCELLED" } } })).toBe(2);
    expect((await db.registration.findFirst({ where: { email: "anna@example.dk" } }))!.source).toBe("INVITATION");

    await deliverAll();
    // the confirmation is a needed mail: no List-Unsubscribe, the calendar REQUEST to the person
    const confirmation = smtp.to("anna@example.dk");
    expect(confirmation).toHaveLength(1);
    checkMail(confirmation[0]!, { to: "anna@example.dk", method: "REQUEST", unsubscribe: false });

    const states = Object.fromEntries((await listRecipients(invitationId))!.rows.map((r) => [r.email, r.state]));
    expect(states).toEqual({ "anna@example.dk": "registered", "bo@example.dk": "waitlisted", "cai@example.dk": "maybe" });

    // Anna changes her mind: her registration ends (CANCEL to her calendar) and her place is offered to Bo
    smtp.clear();
    expect(await answerInvitation(anna, "NO")).toEqual({ ok: true, answer: "NO", registration: null });
    expect((await db.registration.findFirst({ where: { email: "anna@example.dk" } }))!.status).toBe("CANCELLED");
    await deliverAll();
    checkMail(smtp.to("anna@example.dk")[0]!, { to: "anna@example.dk", method: "CANCEL", unsubscribe: false });
    expect(smtp.to("bo@example.dk")).toHaveLength(1); // the waitlist offer
    expect(Object.fromEntries((await listRecipients(invitationId))!.rows.map((r) => [r.email, r.state]))["anna@example.dk"]).toBe("no");

    // until the event starts, and not after
    const later = new Date(event.firstStartsAt!.getTime() + 60_000);
    expect(await answerInvitation(cai, "YES", later)).toEqual({ ok: false, error: "closed" });
    expect(await answerInvitation("not-a-real-token-at-all-xxxxxxxx", "YES")).toEqual({ ok: false, error: "not-found" });
  });
});

describe("an answer is one transaction (issue 12)", () => {
  /** A real SQLite trigger that refuses one kind of write, so the answer fails halfway through what it does. */
  async function refusing<T>(trigger: string, when: string, run: () => Promise<T>) {
    await db.$executeRawUnsafe(`CREATE TRIGGER ${trigger} ${when} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    try {
      return await run();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER ${trigger}`);
    }
  }
  const recipient = (email: string) => db.invitationRecipient.findFirstOrThrow({ where: { email }, orderBy: { createdAt: "desc" } });

  it("yes then no leaves the confirmation's link and nothing else; a no that fails leaves the yes and its registration whole", async () => {
    const event = await createEvent({ capacity: 5 });
    await sendTo(event.id, compose({ pasted: "Anna;anna@example.dk" }));
    await deliverAll();
    const token = tokenIn(smtp.to("anna@example.dk")[0]!);
    expect(await answerInvitation(token, "YES")).toEqual({ ok: true, answer: "YES", registration: "REGISTERED" });
    const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id, email: "anna@example.dk" } });
    expect(await db.registrationToken.count({ where: { registrationId: registration.id } })).toBe(1);

    // the cancellation is refused inside the no: nothing of the no stays behind
    await expect(refusing("refuse_cancel", `BEFORE UPDATE OF status ON "Registration" WHEN NEW.status = 'CANCELLED'`, () => answerInvitation(token, "NO"))).rejects.toThrow();
    expect(await db.registrationToken.count({ where: { registrationId: registration.id } })).toBe(1);
    expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).status).toBe("REGISTERED");
    expect(await recipient("anna@example.dk")).toMatchObject({ answer: "YES", registrationId: registration.id });
    expect(await db.emailOutbox.count({ where: { kind: "registration-cancelled" } })).toBe(0);

    expect(await answerInvitation(token, "NO")).toEqual({ ok: true, answer: "NO", registration: null });
    expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).status).toBe("CANCELLED");
    expect(await db.registrationToken.count({ where: { registrationId: registration.id } })).toBe(1);
    expect(await db.registrationToken.count({ where: { registration: { eventId: event.id } } })).toBe(1);
    expect(await db.emailOutbox.count({ where: { kind: "registration-cancelled", toAddress: "anna@example.dk" } })).toBe(1);
  });

  it("a yes that fails or is refused leaves the earlier answer and no registration", async () => {
    const event = await createEvent({ capacity: 1, waitlistEnabled: false });
    await sendTo(event.id, compose({ pasted: "Anna;anna@example.dk\nBo;bo@example.dk" }));
    await deliverAll();
    const anna = tokenIn(smtp.to("anna@example.dk")[0]!);
    const bo = tokenIn(smtp.to("bo@example.dk")[0]!);
    expect(await answerInvitation(bo, "MAYBE")).toEqual({ ok: true, answer: "MAYBE", registration: null });
    const before = await recipient("bo@example.dk");

    // the registration cannot be written: the claim of the yes goes with it
    await expect(refusing("refuse_registration", `BEFORE INSERT ON "Registration"`, () => answerInvitation(bo, "YES"))).rejects.toThrow();
    expect(await recipient("bo@example.dk")).toMatchObject({ answer: "MAYBE", answeredAt: before.answeredAt, registrationId: null });
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);

    // refused as full (the one place is Anna's): Bo's maybe stands
    expect(await answerInvitation(anna, "YES")).toEqual({ ok: true, answer: "YES", registration: "REGISTERED" });
    expect(await answerInvitation(bo, "YES")).toEqual({ ok: false, error: "full" });
    expect(await recipient("bo@example.dk")).toMatchObject({ answer: "MAYBE", answeredAt: before.answeredAt, registrationId: null });
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(1);
    expect(await db.registrationToken.count({ where: { registration: { eventId: event.id } } })).toBe(1);
  });

  it("a double click registers once", async () => {
    const event = await createEvent({ capacity: 5 });
    await sendTo(event.id, compose({ pasted: "Cai;cai@example.dk" }));
    await deliverAll();
    const cai = tokenIn(smtp.to("cai@example.dk")[0]!);
    const answers = await Promise.all([answerInvitation(cai, "YES"), answerInvitation(cai, "YES")]);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(1);
    expect(await db.emailOutbox.count({ where: { kind: "registration-confirmation", toAddress: "cai@example.dk" } })).toBe(1);
  });
});

describe("opting out", () => {
  it("an opted-out address is left out of the next invitation; needed mails still reach it", async () => {
    const event = await createEvent();
    await sendTo(event.id, compose({ pasted: "Anna;anna@example.dk\nBo;bo@example.dk" }));
    await deliverAll();
    const token = tokenIn(smtp.to("bo@example.dk")[0]!);
    await optOut((await recipientEmailByToken(token))!);
    expect(await isOptedOut("BO@example.dk")).toBe(true);
    expect(JSON.stringify(await db.emailOptOut.findMany())).not.toContain("bo@example.dk");

    smtp.clear();
    const second = await sendTo(event.id, compose({ subject: "Anden runde", pasted: "Anna;anna@example.dk\nBo;bo@example.dk" }));
    expect(second.summary.optedOut).toBe(1);
    await deliverAll();
    expect(smtp.to("anna@example.dk")).toHaveLength(1);
    expect(smtp.to("bo@example.dk")).toHaveLength(0);
  });
});

describe("changes and cancellations reach everyone invited who has not declined", () => {
  it("REQUEST with the same UID and a higher SEQUENCE after a change; CANCEL after a cancellation", async () => {
    const event = await createEvent();
    await sendTo(event.id, compose({ pasted: "Anna;anna@example.dk\nBo;bo@example.dk\nCai;cai@example.dk" }));
    await deliverAll();
    const before = checkMail(smtp.to("anna@example.dk")[0]!, { to: "anna@example.dk", method: "REQUEST", unsubscribe: true })!;
    await answerInvitation(tokenIn(smtp.to("bo@example.dk")[0]!), "NO");
    await answerInvitation(tokenIn(smtp.to("cai@example.dk")[0]!), "YES");
    // Anna opts out of invitations after being invited: the change still reaches her
    await optOut("anna@example.dk");
    await deliverAll();
    smtp.clear();

    const session = event.sessions[0]!;
    const moved = new Date(session.startsAt.getTime() + 86_400_000);
    const result = await updateEvent({ actorId: null, eventId: event.id, input: eventInput(event, [{ id: session.id, startsAt: moved, endsAt: new Date(moved.getTime() + 7_200_000) }]) });
    expect(result.ok).toBe(true);
    await deliverAll();
    const anna = smtp.to("anna@example.dk");
    expect(anna).toHaveLength(1);
    const after = checkMail(anna[0]!, { to: "anna@example.dk", method: "REQUEST", unsubscribe: false })!;
    expect(after.events[0]!.uid).toBe(before.events[0]!.uid);
    expect([before.events[0]!.sequence, after.events[0]!.sequence]).toEqual([0, 1]);
    expect(after.events[0]!.start.getTime()).toBe(Math.floor(moved.getTime() / 1000) * 1000);
    expect(smtp.to("bo@example.dk")).toHaveLength(0); // declined
    expect(smtp.to("cai@example.dk")).toHaveLength(1); // registered: the events model's own update, not a second one
    smtp.clear();

    await cancelEvent({ actorId: null, eventId: event.id, message: "Vi må desværre aflyse." });
    await deliverAll();
    const cancel = checkMail(smtp.to("anna@example.dk")[0]!, { to: "anna@example.dk", method: "CANCEL", unsubscribe: false })!;
    expect(cancel.events[0]!.uid).toBe(before.events[0]!.uid);
    expect(cancel.events[0]!.sequence).toBe(2);
    expect(cancel.events[0]!.status).toBe("CANCELLED");
    expect(smtp.to("anna@example.dk")).toHaveLength(1);
    expect(smtp.to("cai@example.dk")).toHaveLength(1);
    expect(smtp.to("bo@example.dk")).toHaveLength(0);
  });
});

describe("reminding those who have not answered", () => {
  it("once per click, never twice to the same person within a day", async () => {
    const event = await createEvent();
    const { invitationId } = await sendTo(event.id, compose({ pasted: "Anna;anna@example.dk\nBo;bo@example.dk" }));
    await deliverAll();
    await answerInvitation(tokenIn(smtp.to("bo@example.dk")[0]!), "MAYBE");
    smtp.clear();
    // never within 24 hours of the invitation (issue 9): the reminder is due a day after it
    const sentAt = (await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).sentAt!;
    expect(await remindNonAnswerers({ actorId: null, invitationId }, new Date(sentAt.getTime() + 23 * 3600_000))).toBe(0);
    const now = new Date(sentAt.getTime() + 25 * 3600_000);
    expect(await remindNonAnswerers({ actorId: null, invitationId }, now)).toBe(1);
    expect(await remindNonAnswerers({ actorId: null, invitationId }, new Date(now.getTime() + 3600_000))).toBe(0);
    await deliverAll();
    expect(smtp.received).toHaveLength(1);
    const reminder = smtp.to("anna@example.dk")[0]!;
    checkMail(reminder, { to: "anna@example.dk", method: "REQUEST", unsubscribe: true });
    expect(reminder.mail.subject).toBe("Påmindelse: Invitation: Arrangement — VINK");
    // the reminder's link works too
    expect(await answerInvitation(tokenIn(reminder), "YES")).toMatchObject({ ok: true, registration: "REGISTERED" });
    expect(await remindNonAnswerers({ actorId: null, invitationId }, new Date(now.getTime() + 25 * 3600_000))).toBe(0);
  });
});

describe("the SMTP server is away for part of a send", () => {
  it("nothing is lost, nothing is sent twice, and rejected ones can be resent", async () => {
    const event = await createEvent();
    const addresses = Array.from({ length: 12 }, (_, i) => `person${i}@example.dk`);
    const { invitationId } = await sendTo(event.id, compose({ pasted: addresses.map((a, i) => `Person ${i};${a}`).join("\n") }));
    const now = new Date();
    await deliverDue({ now, limit: 5 });
    expect(smtp.received).toHaveLength(5);
    await smtp.stop();
    const away = await deliverDue({ now, limit: 50 });
    expect(away.sent).toBe(0);
    expect(away.deferred).toBe(7);
    expect(await invitationProgress(invitationId)).toMatchObject({ sent: 5, waiting: 7, failed: 0, done: false });
    await smtp.start();
    resetTransport();
    await deliverAll(new Date(now.getTime() + 10 * 60_000));
    expect(smtp.received).toHaveLength(12);
    for (const a of addresses) expect(smtp.to(a)).toHaveLength(1);
    expect(await invitationProgress(invitationId)).toMatchObject({ sent: 12, waiting: 0, failed: 0, done: true });
  });

  it("a server that refuses some recipients: failed with the reason, and resent on request", async () => {
    const event = await createEvent();
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith("full")) return callback(Object.assign(new Error("Mailbox full"), { responseCode: 552 }));
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on("end", () => callback());
      },
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", () => resolve()));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(refusing.server.address() as AddressInfo).port}`;
    resetTransport();
    try {
      const { invitationId } = await sendTo(event.id, compose({ pasted: "Anna;anna@example.dk\nFuld;full@example.dk" }));
      await deliverAll();
      expect(await invitationProgress(invitationId)).toMatchObject({ sent: 1, failed: 1, waiting: 0 });
      const rows = (await listRecipients(invitationId))!.rows;
      const failed = rows.find((r) => r.email === "full@example.dk")!;
      expect(failed.state).toBe("failed");
      expect(failed.error).toContain("Mailbox full");

      process.env.SMTP_URL = smtp.url;
      resetTransport();
      expect(await resendFailed({ actorId: null, invitationId })).toBe(1);
      await deliverAll();
      expect(smtp.to("full@example.dk")).toHaveLength(1);
      expect(smtp.to("anna@example.dk")).toHaveLength(0);
      expect(await invitationProgress(invitationId)).toMatchObject({ sent: 2, failed: 0, waiting: 0, done: true });
    } finally {
      process.env.SMTP_URL = smtp.url;
      resetTransport();
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});
