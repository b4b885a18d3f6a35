import { expect } from "vitest";
import { deliverDue } from "~/lib/mail-worker.server";
import type { Received } from "../support/smtp";
import { parseCalendar } from "../events/helpers";

/** Pushes the outbox until nothing is due. */
export async function deliverAll(now?: Date) {
  for (let i = 0; i < 200; i++) {
    const { sent, failed } = await deliverDue({ now, limit: 500 });
    if (sent + failed === 0) return;
  }
}

/** What every mail read back from the SMTP server must satisfy, and its calendar part parsed with ical.js. */
export function checkMail(r: Received, expected: { to: string; method?: "REQUEST" | "CANCEL" | null; unsubscribe: boolean }) {
  expect(r.envelope.to).toEqual([expected.to]);
  const to = r.mail.to && !Array.isArray(r.mail.to) ? r.mail.to.value : [];
  expect(to.map((a) => a.address)).toEqual([expected.to]);
  expect(r.mail.cc).toBeUndefined();
  expect(r.mail.bcc).toBeUndefined();
  // the header block, unfolded (a long header value continues on the next line)
  const head = r.raw.slice(0, r.raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, " ");
  expect(/^List-Unsubscribe:/im.test(head)).toBe(expected.unsubscribe);
  expect(/^List-Unsubscribe-Post:/im.test(head)).toBe(expected.unsubscribe);
  if (expected.unsubscribe) {
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(head).toMatch(/^List-Unsubscribe: <http:\/\/localhost:3999\/unsubscribe\/[A-Za-z0-9_-]{43}>\r?$/m);
  }
  const part = calendarPart(r.raw);
  if (expected.method === null || expected.method === undefined) {
    expect(part).toBeNull();
    return null;
  }
  expect(part).not.toBeNull();
  expect(part!.mimeMethod).toBe(expected.method);
  const cal = parseCalendar(part!.content);
  expect(cal.method).toBe(expected.method);
  for (const e of cal.events) {
    expect(e.attendees).toHaveLength(1);
    expect(e.attendees[0]!.value.toLowerCase()).toBe(`mailto:${expected.to}`);
    // no file asks for a calendar reply: the portal reads none, the mail's links are the way to answer
    expect(String(e.attendees[0]!.rsvp).toUpperCase()).toBe("FALSE");
    expect(e.organizer.toLowerCase()).toBe("mailto:vink@kk.dk");
  }
  return cal;
}

/** The text/calendar alternative part: its method= parameter and its (decoded) body. */
function calendarPart(raw: string): { mimeMethod: string; content: string } | null {
  const match = raw.match(/Content-Type: text\/calendar;[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/i);
  if (!match) return null;
  const method = match[0].match(/method=("?)([A-Z]+)\1/i)?.[2] ?? "";
  const after = raw.slice(match.index! + match[0].length);
  const headerEnd = after.search(/\r?\n\r?\n/);
  const headers = after.slice(0, headerEnd);
  const bodyStart = after.slice(headerEnd).replace(/^\r?\n\r?\n/, "");
  const body = bodyStart.slice(0, bodyStart.search(/\r?\n--/));
  let content = body;
  if (/base64/i.test(headers) || /base64/i.test(match[0])) content = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  else if (/quoted-printable/i.test(headers) || /quoted-printable/i.test(match[0]))
    content = Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  return { mimeMethod: method.toUpperCase(), content };
}

/** The personal token in a received invitation's answer link. */
export function tokenIn(r: Received): string {
  const m = (r.mail.text ?? "").match(/\/invitations\/([A-Za-z0-9_-]{43})\?answer=yes/);
  expect(m).not.toBeNull();
  return m![1]!;
}

