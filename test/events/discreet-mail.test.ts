import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventCancelledEmail } from "#emails/event-cancelled";
import { eventChangedEmail } from "#emails/event-changed";
import type { EventMailDetails } from "#emails/event-parts";
import { eventReminderEmail } from "#emails/event-reminder";
import { invitationEmail } from "#emails/invitation";
import { invitationUpdateEmail } from "#emails/invitation-update";
import { registrationCancelledEmail } from "#emails/registration-cancelled";
import { registrationConfirmationEmail } from "#emails/registration-confirmation";
import { registrationOfferEmail } from "#emails/registration-offer";
import { renderEmail } from "#emails/render";
import { db } from "~/lib/db.server";
import { cancelEvent, updateEvent } from "~/models/events.server";
import { composeSchema, prepareInvitation } from "~/models/invitation-compose.server";
import { remindNonAnswerers, sendInvitation } from "~/models/invitation-sending.server";
import { sendEventReminders } from "~/models/reminders.server";
import { acceptOffer } from "~/models/waitlist-offers.server";
import { cancelRegistration, registerForEvent } from "~/models/registrations.server";
import { expireOffers } from "~/models/waitlist.server";
import { moveRegistration, staffCancelRegistration } from "~/models/participants.server";
import { createEvent, createUser } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import type { Received } from "../support/smtp";
import { calendarOf } from "./helpers";
import { asInput, deliverAll, longWords, visibleText, wordsIn } from "./mail-support";

/**
 * Every message about an event opens neutrally: its subject and the first 200 characters of its text part and of its
 * HTML's visible text name neither the title nor the summary (a lock screen or an inbox preview shows nothing of the
 * topic), and its calendar file's SUMMARY, DESCRIPTION, LOCATION and URL carry nothing of it either. Each kind of
 * mail is queued by the model that sends it and read back from a real SMTP server.
 */

const smtp = smtpServerForFile();
const T0 = new Date("2030-03-01T09:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);

const title = "Forældrekursus om radikalisering og ekstremisme";
const summary = "Fire aftener for forældre, der er bekymrede for radikalisering og ekstremisme hos et ungt menneske.";
const forbidden = new Set([...longWords(title), ...longWords(summary)]);

const register = (eventId: string, name: string, email: string, locale: "da" | "en", hours: number) =>
  registerForEvent({ eventId, source: "PUBLIC", name, email, locale }, at(hours)).then((r) => {
    if (!r.ok) throw new Error(r.error);
    return r;
  });

const offerToken = (to: string) => {
  const offers = smtp.to(to).filter((m) => /\/registrations\/offer\//.test(m.mail.text ?? ""));
  return /\/registrations\/offer\/([A-Za-z0-9_-]{43})/.exec(offers.at(-1)!.mail.text!)![1]!;
};

function checkOpening(m: Received) {
  const where = `${m.envelope.to.join()} "${m.mail.subject}"`;
  const text = (m.mail.text ?? "").replace(/\s+/g, " ");
  const html = typeof m.mail.html === "string" ? m.mail.html : "";
  expect(wordsIn(m.mail.subject ?? "", forbidden), `subject of ${where}`).toEqual([]);
  expect(wordsIn(text.slice(0, 200), forbidden), `text of ${where}: ${text.slice(0, 200)}`).toEqual([]);
  for (const preheader of [true, false]) {
    const visible = visibleText(html, { preheader });
    expect(wordsIn(visible.slice(0, 200), forbidden), `html of ${where}: ${visible.slice(0, 200)}`).toEqual([]);
  }
  // the neutral preheader is the first thing in the body, for the preview
  expect(html).toMatch(/<body[^>]*><div data-preheader="" style="display:none[^"]*">[^<]+/);
  // and the real title is in the mail, further down
  expect(text).toContain(title);
  const { cal, text: ics } = calendarOf(m);
  if (!cal) return;
  for (const e of cal.events) {
    for (const field of [e.summary, e.description, e.location, e.url]) expect(wordsIn(field ?? "", forbidden), `calendar of ${where}`).toEqual([]);
    expect(e.location).not.toContain("Mødelokale"); // a room note may name the topic: the address alone
  }
  expect(ics).not.toMatch(/foraeldrekursus|radikal|ekstrem/i);
}

describe("a discreet event's mails and calendar files", () => {
  it("open with neutral text, in every kind of mail and in both languages", async () => {
    const staff = await createUser({ role: "STAFF" });
    const event = await createEvent({
      title,
      summary,
      capacity: 2,
      placeRoom: "Mødelokale 3",
      sessions: [
        [at(7 * 24 + 7), at(7 * 24 + 9)],
        [at(14 * 24 + 7), at(14 * 24 + 9)],
      ],
      now: T0,
    });
    expect(event.discreet).toBe(true);

    const anna = await register(event.id, "Al", "anna@example.dk", "da", 0);
    const dan = await register(event.id, "D", "dan@example.dk", "en", 0);
    await register(event.id, "Bo", "bo@example.dk", "en", 0); // waitlist
    await register(event.id, "Cille", "cille@example.dk", "da", 0); // waitlist

    // an invitation to someone with no name (greeting without one), and its reminder
    const prepared = await prepareInvitation({ actorId: null, eventId: event.id, input: composeSchema.parse({ subject: "Kursus om radikalisering", message: "Om ekstremisme hos unge.", pasted: "ivan@example.dk" }), table: null }, at(0));
    if (!prepared.ok) throw new Error(prepared.error);
    await sendInvitation({ actorId: null, invitationId: prepared.invitationId }, at(0.1));
    await deliverAll();
    expect(await remindNonAnswerers({ actorId: null, invitationId: prepared.invitationId }, at(25))).toBe(1);

    expect(await sendEventReminders(at(26), 7)).toBe(2);
    await deliverAll();

    expect(await cancelRegistration(anna.token, at(27))).toBe(true); // self; the place is offered to Bo (en)
    await deliverAll();
    expect(await expireOffers(at(24 * 4))).toBe(1); // Bo's offer runs out; Cille gets one
    await deliverAll();
    expect(await acceptOffer(offerToken("cille@example.dk"), at(24 * 4 + 1))).toMatchObject({ ok: true });
    expect(await staffCancelRegistration({ actorId: staff.id, registrationId: dan.registrationId }, at(24 * 4 + 2))).toBe(true);
    expect(await register(event.id, "Eva", "eva@example.dk", "da", 24 * 4 + 3)).toMatchObject({ status: "REGISTERED" });
    const cille = await db.registration.findFirstOrThrow({ where: { eventId: event.id, email: "cille@example.dk" } });
    expect(await moveRegistration({ actorId: staff.id, registrationId: cille.id, to: "WAITLISTED" }, at(24 * 4 + 4))).toBe(true);
    await deliverAll();

    // staff move the second session and change its place; then cancel with a message that names the topic
    const full = await db.event.findUniqueOrThrow({ where: { id: event.id }, include: { sessions: { orderBy: { position: "asc" } } } });
    const input = asInput(
      full,
      full.sessions.map((s, i) =>
        i === 1 ? { id: s.id, startsAt: at(15 * 24 + 7), endsAt: at(15 * 24 + 9), placeAddress: "Nørrebrogade 1, 2200 København N", placeRoom: "Salen" } : { ...s },
      ),
    );
    expect((await updateEvent({ actorId: staff.id, eventId: event.id, input }, at(24 * 5))).ok).toBe(true);
    await deliverAll();
    const changeMail = smtp.to("eva@example.dk").find((m) => m.mail.subject?.endsWith("Ændring"))!;
    await cancelEvent({ actorId: staff.id, eventId: event.id, message: "Kurset om radikalisering og ekstremisme må aflyses." }, at(24 * 5 + 1));
    await deliverAll();

    const kinds = new Set((await db.emailOutbox.findMany({ select: { kind: true } })).map((r) => r.kind));
    expect([...kinds].sort()).toEqual(
      [
        "event-cancelled",
        "event-changed",
        "event-reminder",
        "invitation",
        "invitation-cancelled",
        "invitation-changed",
        "invitation-reminder",
        "registration-cancelled",
        "registration-confirmation",
        "registration-offer",
      ].sort(),
    );
    expect([smtp.received.length, await db.emailOutbox.count()]).toEqual([22, 22]);
    for (const m of smtp.received) checkOpening(m);
    const reasons = ["Du er afmeldt.", "Your registration has been cancelled.", "The offer of a place has run out.", "Du er flyttet til ventelisten."];
    for (const lead of reasons) expect(smtp.received.some((m) => m.mail.text?.includes(lead)), lead).toBe(true);

    // the change mail says what changed, old → new, before anything of the topic
    expect(changeMail.mail.text).toMatch(/Mødegang 2: \S+dag den 15\. marts 2030 \d\d\.\d\d–\d\d\.\d\d → \S+dag den 16\. marts 2030/);
    expect(changeMail.mail.text).toContain("Mødegang 2, sted: Mødelokale 3, Rådhuspladsen 1, 1550 København V → Salen, Nørrebrogade 1, 2200 København N");
    const invitedChange = smtp.to("ivan@example.dk").find((m) => m.mail.subject?.startsWith("Ændring"))!;
    expect(invitedChange.mail.text).toContain("Mødegang 2: ");

    if (process.env.DUMP_MAIL) {
      const confirmation = smtp.to("eva@example.dk")[0]!;
      for (const [name, m] of [["confirmation", confirmation], ["change", changeMail]] as const) {
        writeFileSync(`.tmp/${name}.txt`, `Subject: ${m.mail.subject}\n\n${m.mail.text}`);
        writeFileSync(`.tmp/${name}.html`, String(m.mail.html));
        writeFileSync(`.tmp/${name}.ics`, calendarOf(m).text ?? "");
      }
    }
  }, 60_000);
});

describe("the neutral opening by construction", () => {
  it("keeps the title beyond the first 200 characters in the shortest mail of each kind: no name, one short date, no place", () => {
    for (const locale of ["da", "en"] as const) {
      const d: EventMailDetails = {
        name: "",
        calendarTitle: "Arrangement — VINK",
        eventTitle: "TITEL",
        discreet: true,
        sessions: [locale === "da" ? "fredag den 1. maj 2026 17.00–19.00" : "Friday 1 May 2026 17:00–19:00"],
        place: null,
      };
      const url = "http://localhost:3999/x";
      const mails = [
        renderEmail(registrationConfirmationEmail, locale, { ...d, status: "REGISTERED", position: null, groupSize: 1, offerHours: 48, url }),
        renderEmail(registrationConfirmationEmail, locale, { ...d, status: "WAITLISTED", position: 1, groupSize: 1, offerHours: 48, url }),
        renderEmail(registrationOfferEmail, locale, { ...d, deadline: "x", url }),
        ...(["self", "staff", "offer-expired", "moved-to-waitlist"] as const).map((reason) => renderEmail(registrationCancelledEmail, locale, { ...d, reason })),
        renderEmail(eventChangedEmail, locale, { ...d, changes: [], url: null }),
        renderEmail(eventCancelledEmail, locale, { ...d, message: "TITEL", hadCalendar: false }),
        renderEmail(eventReminderEmail, locale, { ...d, url }),
        ...[false, true].map((reminder) =>
          renderEmail(invitationEmail, locale, { ...d, subject: "TITEL", message: "TITEL", urls: { yes: url, no: url, maybe: url }, unsubscribeUrl: null, reminder }),
        ),
        ...(["changed", "cancelled"] as const).map((kind) => renderEmail(invitationUpdateEmail, locale, { ...d, kind, changes: [], message: "TITEL", url: null })),
      ];
      for (const mail of mails) {
        expect(mail.subject).not.toContain("TITEL");
        expect(mail.text.replace(/\s+/g, " ").indexOf("TITEL"), mail.text).toBeGreaterThanOrEqual(200);
        expect(visibleText(mail.html, { preheader: false }).indexOf("TITEL"), mail.text).toBeGreaterThanOrEqual(200);
      }
    }
  });
});
