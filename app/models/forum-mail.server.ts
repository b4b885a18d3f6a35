import { type Db } from "~/lib/db.server";
import { localeOf, type Locale } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { renderEmail } from "#emails/render";

/** The one way the forum mails an organisation: one message to each of its contacts, in the contact's own language. */

type Contact = { userId: string; name: string; email: string; locale: Locale };

/** Queues one message per contact of the organisation, each in the contact's own language. */
export async function mailContacts<P>(
  tx: Db,
  organisationId: string,
  make: (contact: Contact) => { template: Parameters<typeof renderEmail<P>>[0]; props: P; kind: string; dedupeKey: string },
): Promise<number> {
  const contacts = await tx.organisationContact.findMany({
    where: { organisationId, user: { disabledAt: null } },
    select: { user: { select: { id: true, name: true, email: true, locale: true } } },
  });
  let queued = 0;
  for (const { user } of contacts) {
    const contact: Contact = { userId: user.id, name: user.name, email: user.email, locale: localeOf(user.locale) };
    const m = make(contact);
    const mail = renderEmail(m.template, contact.locale, m.props);
    const result = await queueEmail(tx, { kind: m.kind, dedupeKey: m.dedupeKey, to: contact.email, toName: contact.name, ...mail });
    if (result.queued) queued++;
  }
  return queued;
}
