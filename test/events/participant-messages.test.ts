import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import {
  MESSAGES_PER_HOUR,
  participantMessageProgress,
  participantMessageRecipients,
  participantMessageSchema,
  previewParticipantMessage,
  recipientCounts,
  sendParticipantMessage,
} from "~/models/participant-messages.server";
import { deleteOldRegistrations } from "~/models/registration-retention.server";
import { registerForEvent } from "~/models/registrations.server";
import { staffCancelRegistration } from "~/models/participants.server";
import { createEvent, createUser } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { deliverAll, longWords, visibleText, wordsIn } from "./mail-support";

/**
 * Issue 9 item 4: staff write to the people registered and/or waiting. Each chosen recipient gets one mail of their
 * own (read back from a real SMTP server), in their language, with the neutral opening of every event mail and no
 * calendar file; the others get nothing.
 */

const smtp = smtpServerForFile();
const T0 = new Date("2030-03-01T09:00:00Z");
const title = "Forældrekursus om radikalisering og ekstremisme";
const forbidden = longWords(title);

async function eventWithPeople() {
  const staff = await createUser({ role: "STAFF" });
  const event = await createEvent({ title, capacity: 2, waitlistEnabled: true, now: T0 });
  const reg = async (name: string, email: string, locale: "da" | "en") => {
    const r = await registerForEvent({ eventId: event.id, source: "PUBLIC", name, email, locale }, T0);
    if (!r.ok) throw new Error(r.error);
    return r;
  };
  const anna = await reg("Anna", "anna@example.dk", "da");
  await reg("Dan", "dan@example.dk", "en");
  await reg("Bo", "bo@example.dk", "da"); // waitlist
  const cille = await reg("Cille", "cille@example.dk", "en"); // waitlist
  expect(cille.status).toBe("WAITLISTED");
  await deliverAll();
  smtp.clear();
  return { staff, event, anna, cille };
}

const input = (audience: string, extra: Record<string, string> = {}) =>
  participantMessageSchema.parse({ audience, subject: "Praktisk besked", messageDa: "Husk at tage madpakke med.\n\nVi ses!", ...extra });

describe("messages to an event's participants", () => {
  it("mail each registered participant once, in their language, with a neutral opening and no calendar", async () => {
    const { staff, event } = await eventWithPeople();
    expect(await recipientCounts(event.id)).toEqual({ REGISTERED: 2, WAITLISTED: 2, BOTH: 4 });
    const result = await sendParticipantMessage({ actorId: staff.id, eventId: event.id, input: input("REGISTERED", { messageEn: "Remember to bring lunch." }) }, T0);
    expect(result).toMatchObject({ ok: true, count: 2 });
    if (!result.ok) return;
    expect(await participantMessageProgress(result.messageId)).toMatchObject({ total: 2, waiting: 2, done: false });
    await deliverAll();
    expect(await participantMessageProgress(result.messageId)).toEqual({ total: 2, sent: 2, failed: 0, waiting: 0, done: true });
    expect((await participantMessageRecipients(result.messageId)).map((r) => [r.email, r.state])).toEqual([
      ["anna@example.dk", "SENT"],
      ["dan@example.dk", "SENT"],
    ]);

    expect(smtp.received.map((m) => m.envelope.to)).toEqual(expect.arrayContaining([["anna@example.dk"], ["dan@example.dk"]]));
    expect(smtp.received).toHaveLength(2);
    for (const m of smtp.received) {
      expect(m.envelope.to).toHaveLength(1);
      expect(m.mail.to && "value" in m.mail.to ? m.mail.to.value.map((v) => v.address) : []).toEqual(m.envelope.to);
      expect(m.mail.cc).toBeUndefined();
      expect(m.mail.attachments.filter((a) => /calendar/.test(a.contentType))).toEqual([]);
      expect(m.raw).not.toMatch(/text\/calendar/);
      // the opening names nothing of the topic; the title comes later, after staff's words
      const text = (m.mail.text ?? "").replace(/\s+/g, " ");
      expect(wordsIn(m.mail.subject ?? "", forbidden)).toEqual([]);
      expect(wordsIn(text.slice(0, 200), forbidden)).toEqual([]);
      expect(wordsIn(visibleText(String(m.mail.html)).slice(0, 200), forbidden)).toEqual([]);
      expect(text).toContain(title);
    }
    const anna = smtp.to("anna@example.dk")[0]!;
    expect(anna.mail.subject).toContain("Praktisk besked");
    expect(anna.mail.text).toMatch(/^Kære Anna/);
    expect(anna.mail.text).toContain("du er tilmeldt");
    expect(anna.mail.text).toContain("Husk at tage madpakke med.");
    const dan = smtp.to("dan@example.dk")[0]!;
    expect(dan.mail.text).toContain("Remember to bring lunch.");
    expect(dan.mail.text).not.toContain("madpakke");
    expect(await db.auditLog.count({ where: { action: "event.message", entityId: event.id, actorId: staff.id } })).toBe(1);
  });

  it("reaches only the waitlist when staff choose it, in Danish where no English was written; both groups when asked", async () => {
    const { staff, event, anna } = await eventWithPeople();
    const waiting = await sendParticipantMessage({ actorId: staff.id, eventId: event.id, input: input("WAITLISTED") }, T0);
    expect(waiting).toMatchObject({ ok: true, count: 2 });
    await deliverAll();
    expect(smtp.received.map((m) => m.envelope.to[0]).sort()).toEqual(["bo@example.dk", "cille@example.dk"]);
    expect(smtp.to("cille@example.dk")[0]!.mail.text).toContain("Husk at tage madpakke med.");
    expect(smtp.to("cille@example.dk")[0]!.mail.text).toContain("on the waitlist");

    // a cancelled registration is no longer written to
    await staffCancelRegistration({ actorId: staff.id, registrationId: anna.registrationId }, T0);
    smtp.clear();
    const both = await sendParticipantMessage({ actorId: staff.id, eventId: event.id, input: input("BOTH") }, T0);
    expect(both).toMatchObject({ ok: true, count: 3 });
    await deliverAll();
    expect(smtp.to("anna@example.dk").filter((m) => /Praktisk/.test(m.mail.subject ?? ""))).toEqual([]);
  });

  it("refuses an empty group and too many messages in an hour; goes with the event's registrations after 90 days", async () => {
    const staff = await createUser({ role: "STAFF" });
    const empty = await createEvent({ capacity: 2, now: T0 });
    expect(await sendParticipantMessage({ actorId: staff.id, eventId: empty.id, input: input("BOTH") }, T0)).toEqual({ ok: false, error: "no-recipients" });
    const { event } = await eventWithPeople();
    for (let i = 0; i < MESSAGES_PER_HOUR; i++) expect((await sendParticipantMessage({ actorId: staff.id, eventId: event.id, input: input("REGISTERED") }, T0)).ok).toBe(true);
    expect(await sendParticipantMessage({ actorId: staff.id, eventId: event.id, input: input("REGISTERED") }, T0)).toEqual({ ok: false, error: "rate-limited" });
    expect(await db.participantMessage.count({ where: { eventId: event.id } })).toBe(MESSAGES_PER_HOUR);
    const preview = await previewParticipantMessage(event.id, input("REGISTERED"), "Navn");
    expect(preview!.da.text).toContain("Husk at tage madpakke med.");

    await deleteOldRegistrations(new Date(T0.getTime() + 200 * 86_400_000));
    expect(await db.participantMessage.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("checks the form: subject and Danish message required, sizes limited", () => {
    const r = participantMessageSchema.safeParse({ audience: "REGISTERED", subject: "", messageDa: "" });
    expect(r.success).toBe(false);
    expect(participantMessageSchema.safeParse({ audience: "REGISTERED", subject: "x", messageDa: "y".repeat(5001) }).success).toBe(false);
    expect(participantMessageSchema.safeParse({ audience: "ALL", subject: "x", messageDa: "y" }).success).toBe(false);
  });
});
