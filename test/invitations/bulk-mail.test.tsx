import { describe, expect, it } from "vitest";
import { invitationEmail, type InvitationEmailProps } from "#emails/invitation";
import { defineEmail, renderEmail, renderEmails } from "#emails/render";
import { CALENDAR_METHOD, personalCalendar } from "~/lib/calendar.server";
import { db } from "~/lib/db.server";
import { cleanHeaderText } from "~/lib/outbox.server";
import type { Locale } from "~/lib/i18n";
import { calendarInput } from "~/models/event-options";
import { urls } from "~/lib/urls.server";
import { composeSchema, prepareInvitation } from "~/models/invitation-compose.server";
import { messageFor } from "~/models/invitation-mail.server";
import { remindNonAnswerers, sendInvitation } from "~/models/invitation-sending.server";
import { eventMailDetails } from "~/models/registration-mail.server";
import { createEvent } from "../support/factories";
import { parseCalendar } from "../events/helpers";

/**
 * A mailing renders each language's mail once and fills in each recipient's name and token (renderEmails), and makes
 * the calendar file once with each recipient's ATTENDEE set in (personalCalendars). Every mail must be exactly the one
 * rendered whole for that recipient, the way a single mail is made.
 */

const hostile = 'Ann "<b>x</b>"\r\nBcc: evil@x.dk';
const people = [
  { email: "ann@example.dk", name: hostile, locale: null },
  { email: "mary@example.org", name: "Mary O'Brien & <Co>", locale: "en" },
  { email: "nobody@example.dk", name: "", locale: "da" },
  { email: "brace@example.dk", name: "{subject} $& $1 æøå 😀", locale: "en" },
];

/** The mail rendered whole, from the props the model documents for an invitation. */
function renderedWhole(event: Parameters<typeof eventMailDetails>[0], invitation: { subject: string; message: string }, name: string, locale: Locale, token: string, reminder?: boolean) {
  const props: InvitationEmailProps = {
    ...eventMailDetails(event, name, locale),
    subject: invitation.subject,
    ...messageFor(invitation, locale), // the message in the recipient's language, its greeting line and closing split off
    urls: { yes: urls.invitationAnswer(token, "yes"), no: urls.invitationAnswer(token, "no"), maybe: urls.invitationAnswer(token, "maybe") },
    unsubscribeUrl: urls.unsubscribe(token),
    reminder,
  };
  return renderEmail(invitationEmail, locale, props);
}

describe("an invitation to many, each mail filled in from one rendering", () => {
  it("every queued mail equals the mail rendered whole for its recipient, and its file lists only them", async () => {
    const event = await createEvent({ calendarTitle: 'Arrangement "<i>" & VINK', sessions: [[new Date(Date.now() + 86_400_000 * 7), new Date(Date.now() + 86_400_000 * 7 + 7_200_000)], [new Date(Date.now() + 86_400_000 * 14), new Date(Date.now() + 86_400_000 * 14 + 7_200_000)]] });
    const input = composeSchema.parse({
      subject: 'Kom & "hør" <om> det',
      message: "Kære alle\n\n1 < 2 & 3 > 2, 'quotes' \"x\"\nSe https://vink.kk.dk?a=1&b=2",
      pasted: people.map((p, i) => `Person ${i};${p.email}`).join("\n"),
    });
    const prepared = await prepareInvitation({ actorId: null, eventId: event.id, input, table: null });
    if (!prepared.ok) throw new Error(prepared.error);
    // names and languages that a pasted list cannot carry, as a member's record could
    for (const p of people) {
      await db.invitationRecipient.updateMany({ where: { invitationId: prepared.invitationId, email: p.email }, data: { name: p.name, locale: p.locale } });
    }
    const now = new Date();
    const sent = await sendInvitation({ actorId: null, invitationId: prepared.invitationId }, now);
    expect(sent).toEqual({ ok: true, queued: people.length, optedOut: 0 });

    const invitation = (await db.invitation.findUnique({ where: { id: prepared.invitationId } }))!;
    const full = (await db.event.findUnique({ where: { id: event.id }, include: { sessions: { orderBy: { position: "asc" } } } }))!;
    const rows = await db.emailOutbox.findMany({ where: { batchId: invitation.id } });
    expect(rows).toHaveLength(people.length);
    for (const p of people) {
      const row = rows.find((r) => r.toAddress === p.email)!;
      const token = /\/invitations\/([A-Za-z0-9_-]{43})\?answer=yes/.exec(row.text)![1]!;
      const whole = renderedWhole(full, invitation, p.name, p.locale === "en" ? "en" : "da", token);
      expect(row.subject).toBe(cleanHeaderText(whole.subject));
      expect(row.html).toBe(whole.html);
      expect(row.text).toBe(whole.text);
      expect(row.toName).toBe(p.name ? cleanHeaderText(p.name) : null);
      expect(JSON.parse(row.headers!)).toEqual({ "List-Unsubscribe": `<${urls.unsubscribe(token)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
      expect(row.icsMethod).toBe("REQUEST");
      expect(row.icsContent).toBe(personalCalendar(calendarInput(full), CALENDAR_METHOD.REQUEST, { email: p.email, name: p.name }, now, { partstat: "NEEDS-ACTION" }).content);
      const cal = parseCalendar(row.icsContent!);
      expect(cal.events).toHaveLength(2);
      for (const e of cal.events) expect(e.attendees.map((a) => a.value)).toEqual([`mailto:${p.email}`]);
    }
    const ann = rows.find((r) => r.toAddress === "ann@example.dk")!;
    expect(ann.html).toContain("Kære Ann &quot;&lt;b&gt;x&lt;/b&gt;&quot;\r\nBcc: evil@x.dk");
    expect(ann.html).not.toContain("<b>x</b>");
    expect(ann.subject).not.toMatch(/[\r\n]/);
    expect(ann.icsContent).not.toContain("Bcc: evil@x.dk\r\n");

    // a reminder is made the same way
    const later = new Date(now.getTime() + 25 * 3600_000);
    expect(await remindNonAnswerers({ actorId: null, invitationId: invitation.id }, later)).toBe(0); // nothing is sent yet: not reminded
    await db.emailOutbox.updateMany({ where: { batchId: invitation.id }, data: { status: "SENT" } });
    expect(await remindNonAnswerers({ actorId: null, invitationId: invitation.id }, later)).toBe(people.length);
    const reminder = (await db.emailOutbox.findMany({ where: { kind: "invitation-reminder", toAddress: "ann@example.dk" } }))[0]!;
    const token = /\/invitations\/([A-Za-z0-9_-]{43})\?answer=yes/.exec(reminder.text)![1]!;
    const whole = renderedWhole(full, invitation, hostile, "da", token, true);
    expect([reminder.subject, reminder.html, reminder.text]).toEqual([cleanHeaderText(whole.subject), whole.html, whole.text]);
  });
});

describe("renderEmails", () => {
  const template = (shout: boolean) =>
    defineEmail<{ a: string; b: string }>({
      subject: (_t, p) => `Til ${p.a}`,
      body: (_t, p) => (
        <>
          <p title={p.a}>{p.a ? `Hej ${p.a}` : "Hej"}</p>
          <a href={`https://x.dk/${p.b}`}>{shout ? p.b.toUpperCase() : p.b}</a>
        </>
      ),
      text: (_t, p) => `${p.a}\n${p.b}`,
    });

  it("gives renderEmail's mail for every value, and renders whole what it cannot fill in", () => {
    for (const shout of [false, true]) {
      const many = renderEmails(template(shout), "da", (v: { a: string; b: string }) => v);
      for (const values of [
        { a: hostile, b: "tok" },
        { a: "", b: "tok" },
        { a: "  leading space", b: "x" },
        { a: "x", b: "trailing space  " },
        { a: "&amp; <!-- -->", b: "'\"" },
      ]) {
        expect(many(values)).toEqual(renderEmail(template(shout), "da", values));
      }
    }
  });
});
