import { DateTime } from "luxon";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { cancelRegistration } from "~/models/registrations.server";
import { OFFER_HOURS, offerDeadline, offerDeadlineText } from "~/models/waitlist-deadline.server";
import { createEvent, createRegistration } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { deliverAll } from "./mail-support";

/**
 * A waitlist offer never ends at night (22:00–08:00 Copenhagen time): the night does not count, so an offer that
 * would end at 23:30 runs to 09:30 the next morning (docs/decisions/0015-waitlist-offers.md). The clock is the
 * `now` the model takes.
 */

const smtp = smtpServerForFile();
beforeEach(() => smtp.clear());

/** Copenhagen wall-clock time → the instant. */
const cph = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Copenhagen" }).toJSDate();
const local = (d: Date) => DateTime.fromJSDate(d).setZone("Europe/Copenhagen").toFormat("yyyy-MM-dd HH:mm");

describe("offerDeadline", () => {
  it("is 48 hours later when that falls in the day", () => {
    expect(local(offerDeadline(cph("2026-12-01T10:00"), null))).toBe("2026-12-03 10:00");
    expect(local(offerDeadline(cph("2026-12-01T21:59"), null))).toBe("2026-12-03 21:59");
    expect(local(offerDeadline(cph("2026-12-01T08:00"), null))).toBe("2026-12-03 08:00");
  });

  it("runs on from 08:00 by the part that would have fallen after 22:00", () => {
    expect(local(offerDeadline(cph("2026-12-01T22:00"), null))).toBe("2026-12-04 08:00");
    expect(local(offerDeadline(cph("2026-12-01T23:30"), null))).toBe("2026-12-04 09:30");
    expect(local(offerDeadline(cph("2026-12-02T03:00"), null))).toBe("2026-12-04 13:00");
    expect(local(offerDeadline(cph("2026-12-02T07:59"), null))).toBe("2026-12-04 17:59");
  });

  it("keeps 22:00 and 08:00 on the wall clock across both summer-time changes", () => {
    // the night of 24–25 October 2026 is 11 hours long (02:00 happens twice): 22:00 CEST → 07:30 CET is 10.5 h
    // 48 real hours from Friday 07:30 CEST is Sunday 06:30 CET: 9.5 h of night (from 22:00 CEST) → 08:00 CET + 9.5 h
    expect(local(offerDeadline(cph("2026-10-23T07:30"), null))).toBe("2026-10-25 17:30");
    const october = offerDeadline(new Date(cph("2026-10-25T07:30").getTime() - OFFER_HOURS * 3600_000), null);
    expect(local(october)).toBe("2026-10-25 18:30");
    // the night of 28–29 March 2026 is 9 hours long: 22:00 CET → 07:00 CEST is 8 h
    const march = offerDeadline(new Date(cph("2026-03-29T07:00").getTime() - OFFER_HOURS * 3600_000), null);
    expect(local(march)).toBe("2026-03-29 16:00");
  });

  it("never ends at night and never gives less than 48 hours, any hour of a year", () => {
    for (let t = cph("2026-01-01T00:00").getTime(); t < cph("2027-01-01T00:00").getTime(); t += 97 * 60_000) {
      const now = new Date(t);
      const deadline = offerDeadline(now, null);
      const hour = DateTime.fromJSDate(deadline).setZone("Europe/Copenhagen").hour;
      expect(hour >= 8 && hour < 22, `${now.toISOString()} → ${local(deadline)}`).toBe(true);
      expect(deadline.getTime() - t).toBeGreaterThanOrEqual(OFFER_HOURS * 3600_000);
    }
  });

  it("never outlasts sign-up; a close at night ends the offer at 22:00 the evening before, unless that is under an hour away", () => {
    expect(local(offerDeadline(cph("2026-12-01T10:00"), cph("2026-12-02T12:00")))).toBe("2026-12-02 12:00");
    expect(local(offerDeadline(cph("2026-12-01T10:00"), cph("2026-12-01T23:59")))).toBe("2026-12-01 22:00");
    expect(local(offerDeadline(cph("2026-12-01T10:00"), cph("2026-12-02T06:00")))).toBe("2026-12-01 22:00");
    expect(local(offerDeadline(cph("2026-12-01T21:30"), cph("2026-12-01T23:59")))).toBe("2026-12-01 23:59");
    // a close after the deadline changes nothing
    expect(local(offerDeadline(cph("2026-12-01T23:30"), cph("2026-12-10T12:00")))).toBe("2026-12-04 09:30");
  });

  it("is written as weekday, date and time", () => {
    expect(offerDeadlineText("da", cph("2026-12-15T08:00"))).toBe("tirsdag den 15. december 2026 kl. 08.00");
    expect(offerDeadlineText("en", cph("2026-12-15T08:00"))).toMatch(/^Tuesday,? 15 December 2026 at 08:00$/);
  });
});

describe("the mails", () => {
  it("the waitlist mail says how offers work; the offer mail states its deadline, which never falls at night", async () => {
    // Sunday 13 December 2026 at 22:30: 48 hours later is Tuesday 22:30, so the offer runs to Wednesday 08:30
    const now = cph("2026-12-13T22:30");
    const event = await createEvent({ capacity: 1, now, sessions: [[cph("2027-01-07T17:00"), cph("2027-01-07T19:00")]] });
    const first = await createRegistration(event.id, { now });
    await createRegistration(event.id, { email: "venter@example.dk", now });
    await deliverAll();
    const [waitlisted] = smtp.to("venter@example.dk");
    expect(waitlisted!.mail.text).toContain("så har du 48 timer til at tage imod det");
    expect(waitlisted!.mail.text).toContain("mellem kl. 22 og 8");

    await cancelRegistration(first.token, now);
    await deliverAll();
    const offer = smtp.to("venter@example.dk").at(-1)!;
    const row = await db.waitlistOffer.findFirstOrThrow({ where: { eventId: event.id } });
    expect(local(row.expiresAt)).toBe("2026-12-16 08:30");
    expect(offer.mail.subject).toBe("Arrangement — VINK: Der er en plads til dig");
    expect(offer.mail.text).toContain("Svar senest onsdag den 16. december 2026 kl. 08.30.");
  });
});
