import type { ReactNode } from "react";
import { defineEmail, type EmailTemplate } from "./render";
import type { Translate } from "~/lib/i18n";

/**
 * What every event mail shows, already formatted in the recipient's language by the model: the event's real title
 * in the body (the subject carries only the discreet calendar title), its sessions and place.
 */
export type EventMailDetails = {
  name: string;
  calendarTitle: string;
  eventTitle: string;
  discreet: boolean;
  sessions: string[];
  place: string | null;
  /** only for registered participants */
  onlineUrl?: string | null;
};

export function greeting(t: Translate, name: string) {
  return name ? t("mail.greeting", { name }) : t("invitations.mailGreetingNoName");
}

/**
 * Every mail about an event, made one way so that nothing of its topic shows before the reader opens it: the subject
 * is the template's (built on the discreet calendar title), the hidden preheader and the first paragraph are the
 * neutral `lead`, then the greeting, the lead and a note on why the name comes later. The template's own `body` and
 * `text` follow, and must begin with neutral text too (EventDetails puts the dates before the title). Together the
 * opening and the dates take more than the 200 characters a preview or a lock screen shows
 * (test/events/discreet-mail.test.ts checks each kind).
 */
export function defineEventEmail<P extends { name: string }>(template: {
  subject: (t: Translate, props: P) => string;
  lead: (t: Translate, props: P) => string;
  body: (t: Translate, props: P) => ReactNode;
  text: (t: Translate, props: P) => string[];
}): EmailTemplate<P> {
  return defineEmail<P>({
    subject: template.subject,
    preheader: template.lead,
    body: (t, p) => (
      <>
        <p>{greeting(t, p.name)}</p>
        <p>
          <strong>{template.lead(t, p)}</strong>
        </p>
        <p>{t("events.mailDiscreetNote")}</p>
        {template.body(t, p)}
      </>
    ),
    text: (t, p) => [greeting(t, p.name), template.lead(t, p), t("events.mailDiscreetNote"), ...template.text(t, p)].filter(Boolean).join("\n\n"),
  });
}

/** The dates first (neutral), then the real title, the place and the online link. */
export function EventDetails({ t, details }: { t: Translate; details: EventMailDetails }) {
  return (
    <>
      <p style={{ margin: "0 0 4px" }}>{t("events.mailWhen")}</p>
      <ul>
        {details.sessions.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
      <p>
        {t("events.mailWhat")} <strong>{details.eventTitle}</strong>
      </p>
      {details.place ? (
        <p>
          {t("events.mailWhere")} {details.place}
        </p>
      ) : null}
      {details.onlineUrl ? (
        <p>
          {t("events.mailOnline")} <a href={details.onlineUrl}>{details.onlineUrl}</a>
        </p>
      ) : null}
    </>
  );
}

export function eventDetailsText(t: Translate, details: EventMailDetails): string {
  return [
    `${t("events.mailWhen")}\n${details.sessions.map((s) => `- ${s}`).join("\n")}`,
    `${t("events.mailWhat")} ${details.eventTitle}`,
    details.place ? `${t("events.mailWhere")} ${details.place}` : "",
    details.onlineUrl ? `${t("events.mailOnline")} ${details.onlineUrl}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** What changed, one line per change ("før → nu"), made by the model in the reader's language. */
export function ChangeList({ t, changes }: { t: Translate; changes: string[] }) {
  if (!changes.length) return null;
  return (
    <>
      <p style={{ margin: "0 0 4px" }}>{t("events.mailChangesHeading")}</p>
      <ul>
        {changes.map((c, i) => (
          <li key={i}>{c}</li>
        ))}
      </ul>
    </>
  );
}

export function changeListText(t: Translate, changes: string[]): string {
  return changes.length ? `${t("events.mailChangesHeading")}\n${changes.map((c) => `- ${c}`).join("\n")}` : "";
}
