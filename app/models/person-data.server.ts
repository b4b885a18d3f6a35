import { db, type Db } from "~/lib/db.server";
import { normaliseEmail } from "~/lib/field-rules";
import { keyedHash } from "~/lib/crypto.server";
import { optOutHash } from "./optouts.server";
import { mayCancel } from "./registrations.server";

/**
 * Everything held about one address (GDPR Art. 15; docs/decisions/0020-your-data-for-anyone.md), in one collection
 * (`collectPersonData`) that feeds the person's own page, both exports, the staff's view and an erasure, so what a
 * person sees is what staff export and what an erasure removes. A new table or text column that can hold an address
 * goes here.
 */

/** The kind of the mail that carries a my-data link (its traces alone count as "nothing held"). */
export const MY_DATA_MAIL_KIND = "my-data-link";

/** The pseudonymous reference of a person in the audit log: the same address gives the same reference, no name in it. */
export function personRef(email: string) {
  return keyedHash("person", normaliseEmail(email)).slice(0, 16);
}

/** Rows whose text names the address, found by LIKE (which reads `_` and `%` as wildcards) and then checked exactly. */
const names = (email: string) => (text: string | null | undefined) => !!text && text.toLowerCase().includes(email);

export async function rateLimitRows(tx: Db, email: string, userId: string | null) {
  const rows = await tx.rateLimitHit.findMany({
    where: { OR: [{ bucket: { contains: email } }, ...(userId ? [{ bucket: { contains: userId } }] : [])] },
    select: { id: true, bucket: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.filter((r) => names(email)(r.bucket) || (userId !== null && r.bucket.includes(userId)));
}

export async function mentionRows(tx: Db, email: string) {
  const audits = (await tx.auditLog.findMany({ where: { details: { contains: email } }, select: { id: true, details: true } })).filter((r) => names(email)(r.details));
  const history = (
    await tx.forumCaseEvent.findMany({ where: { OR: [{ details: { contains: email } }, { message: { contains: email } }] }, select: { id: true, details: true, message: true } })
  ).filter((r) => names(email)(r.details) || names(email)(r.message));
  const otherMail = (
    await tx.emailOutbox.findMany({
      where: { toAddress: { not: email }, OR: [{ subject: { contains: email } }, { text: { contains: email } }, { html: { contains: email } }, { headers: { contains: email } }] },
      select: { id: true, subject: true, text: true, html: true, headers: true },
    })
  ).filter((r) => [r.subject, r.text, r.html, r.headers].some(names(email)));
  // free text others wrote: a sign-up comment, an invitation's message, what staff wrote to or about an organisation
  const answers = (
    await tx.registrationAnswer.findMany({ where: { value: { contains: email }, registration: { email: { not: email } } }, select: { id: true, value: true } })
  ).filter((r) => names(email)(r.value));
  const invitations = (await tx.invitation.findMany({ where: { message: { contains: email } }, select: { id: true, message: true } })).filter((r) => names(email)(r.message));
  const organisations = (
    await tx.organisation.findMany({ where: { OR: [{ stateMessage: { contains: email } }, { description: { contains: email } }] }, select: { id: true, stateMessage: true, description: true } })
  ).filter((r) => names(email)(r.stateMessage) || names(email)(r.description));
  return { audits, history, otherMail, otherText: { answers, invitations, organisations } };
}

/**
 * Everything held about one address, in one shape for the page, both exports and the staff's view. `mentions` (texts
 * elsewhere that name the address: a scan of the audit log, forum history and the outbox's bodies) is for staff and
 * erasure; the person's own page leaves it out, so reloading it costs no scan of every message.
 */
export async function collectPersonData(emailInput: string, now = new Date(), tx: Db = db, options: { mentions: boolean } = { mentions: true }) {
  const email = normaliseEmail(emailInput);
  const user = await tx.user.findUnique({
    where: { email },
    include: {
      forumContact: { include: { organisation: { select: { id: true, name: true, state: true, _count: { select: { contacts: true } } } } } },
      charterSignatures: { include: { organisation: { select: { name: true } }, charterVersion: { select: { number: true } } }, orderBy: { signedAt: "asc" } },
      _count: { select: { sessions: true, authTokens: true } },
    },
  });
  const userId = user?.id ?? null;
  const registrations = await tx.registration.findMany({
    where: { OR: [{ email }, ...(userId ? [{ userId }] : [])] },
    include: {
      event: { select: { id: true, title: true, status: true, firstStartsAt: true, lastEndsAt: true, sessions: { orderBy: { position: "asc" }, select: { id: true, startsAt: true, endsAt: true } } } },
      people: { orderBy: { position: "asc" } },
      answers: { orderBy: { question: "asc" } },
      offers: { orderBy: { createdAt: "asc" } },
      attendance: true,
      _count: { select: { tokens: true, reminders: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const invitations = await tx.invitationRecipient.findMany({
    where: { OR: [{ email }, ...(userId ? [{ userId }] : [])] },
    include: { invitation: { select: { subject: true, sentAt: true, event: { select: { title: true, firstStartsAt: true } } } }, _count: { select: { links: true } } },
    orderBy: { createdAt: "asc" },
  });
  // staff's draft invitations record who they left out and why (the address included)
  const leftOut = await tx.invitationLeftOut.findMany({
    where: { email },
    select: { reason: true, invitation: { select: { subject: true, createdAt: true } } },
  });
  const optOut = await tx.emailOptOut.findUnique({ where: { emailHash: optOutHash(email) } });
  const mail = await tx.emailOutbox.findMany({
    where: { toAddress: email },
    select: { id: true, kind: true, subject: true, status: true, createdAt: true, sentAt: true },
    orderBy: { createdAt: "asc" },
  });
  const accessLinks = await tx.dataAccessToken.findMany({ where: { email }, select: { id: true, createdAt: true, expiresAt: true }, orderBy: { createdAt: "asc" } });
  const calendarFeed = userId ? await tx.calendarFeedToken.findUnique({ where: { userId }, select: { id: true, createdAt: true, lastUsedAt: true } }) : null;
  const limits = await rateLimitRows(tx, email, userId);
  const mentions = options.mentions ? await mentionRows(tx, email) : null;

  const data = {
    email,
    collectedAt: now.toISOString(),
    registrations: registrations.map((r) => ({
      id: r.id,
      event: { title: r.event.title, status: r.event.status, sessions: r.event.sessions.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) },
      status: r.status,
      source: r.source,
      name: r.name,
      email: r.email,
      phone: r.phone,
      language: r.locale,
      groupSize: r.groupSize,
      people: r.people.map((p) => p.name),
      answers: r.answers.map((a) => ({ question: a.question, value: a.value })),
      organisationName: r.organisationName,
      mayContactAgain: r.mayContactAgain,
      createdAt: r.createdAt.toISOString(),
      registeredAt: r.registeredAt?.toISOString() ?? null,
      waitlistedAt: r.waitlistedAt?.toISOString() ?? null,
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
      waitlistOffers: r.offers.map((o) => ({ status: o.status, offeredAt: o.createdAt.toISOString(), expiresAt: o.expiresAt.toISOString(), answeredAt: o.answeredAt?.toISOString() ?? null })),
      attendance: r.attendance.map((a) => ({ session: r.event.sessions.find((s) => s.id === a.sessionId)?.startsAt.toISOString() ?? null, present: a.present })),
      canCancel: r.email === email && mayCancel(r, r.event, now),
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      event: { title: i.invitation.event.title, firstStartsAt: i.invitation.event.firstStartsAt?.toISOString() ?? null },
      subject: i.invitation.subject,
      sentAt: i.invitation.sentAt?.toISOString() ?? null,
      name: i.name,
      email: i.email,
      language: i.locale,
      optedOutAtSending: i.optedOut,
      answer: i.answer,
      answeredAt: i.answeredAt?.toISOString() ?? null,
      lastRemindedAt: i.lastRemindedAt?.toISOString() ?? null,
    })),
    optOut: optOut ? { since: optOut.createdAt.toISOString() } : null,
    account: user
      ? {
          name: user.name,
          email: user.email,
          role: user.role,
          language: user.locale,
          createdAt: user.createdAt.toISOString(),
          emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
          disabledAt: user.disabledAt?.toISOString() ?? null,
          activeSessions: user._count.sessions,
          calendarFeed: calendarFeed ? { createdAt: calendarFeed.createdAt.toISOString(), lastUsedAt: calendarFeed.lastUsedAt?.toISOString() ?? null } : null,
          organisationContact: user.forumContact
            ? { organisation: user.forumContact.organisation.name, organisationState: user.forumContact.organisation.state, title: user.forumContact.title, phone: user.forumContact.phone }
            : null,
        }
      : null,
    charterSignatures: (user?.charterSignatures ?? []).map((s) => ({
      organisation: s.organisation.name,
      charterVersion: s.charterVersion.number,
      signerName: s.signerName,
      signerTitle: s.signerTitle,
      language: s.locale,
      signedAt: s.signedAt.toISOString(),
    })),
    leftOutOfInvitations: leftOut.map((l) => ({ invitation: l.invitation.subject, draftedAt: l.invitation.createdAt.toISOString(), reason: l.reason })),
    mail: mail.map((m) => ({ subject: m.subject, kind: m.kind, status: m.status, queuedAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null })),
    dataAccessLinks: accessLinks.map((l) => ({ requestedAt: l.createdAt.toISOString(), expiresAt: l.expiresAt.toISOString() })),
    rateLimitRecords: limits.map((l) => ({ at: l.createdAt.toISOString(), bucket: l.bucket })),
    mentions: mentions && { auditLog: mentions.audits.length, forumHistory: mentions.history.length, mailToOthers: mentions.otherMail.length, otherText: otherTextCount(mentions) },
  };
  // nothing but the traces of asking (this link and its mail, kept briefly) counts as "nothing held"
  const held =
    data.registrations.length + data.invitations.length + data.leftOutOfInvitations.length + (data.optOut ? 1 : 0) + (data.account ? 1 : 0) + data.charterSignatures.length + mail.filter((m) => m.kind !== MY_DATA_MAIL_KIND).length;
  return {
    data,
    nothingHeld: held === 0,
    user: user ? { id: user.id, role: user.role, organisation: user.forumContact?.organisation ?? null } : null,
    counts: {
      Registration: registrations.length,
      RegistrationPerson: registrations.reduce((n, r) => n + r.people.length, 0),
      RegistrationAnswer: registrations.reduce((n, r) => n + r.answers.length, 0),
      RegistrationToken: registrations.reduce((n, r) => n + r._count.tokens, 0),
      WaitlistOffer: registrations.reduce((n, r) => n + r.offers.length, 0),
      SessionAttendance: registrations.reduce((n, r) => n + r.attendance.length, 0),
      EventReminder: registrations.reduce((n, r) => n + r._count.reminders, 0),
      InvitationRecipient: invitations.length,
      InvitationLink: invitations.reduce((n, i) => n + i._count.links, 0),
      InvitationLeftOut: leftOut.length,
      EmailOutbox: mail.length,
      DataAccessToken: accessLinks.length,
      RateLimitHit: limits.length,
      User: user ? 1 : 0,
      Session: user?._count.sessions ?? 0,
      AuthToken: user?._count.authTokens ?? 0,
      OrganisationContact: user?.forumContact ? 1 : 0,
      CalendarFeedToken: calendarFeed ? 1 : 0,
      // kept, with the address taken out of their text
      AuditLog: mentions?.audits.length ?? 0,
      ForumCaseEvent: mentions?.history.length ?? 0,
      EmailOutboxToOthers: mentions?.otherMail.length ?? 0,
      OtherText: mentions ? otherTextCount(mentions) : 0,
    },
    kept: { CharterSignature: user?.charterSignatures.length ?? 0, EmailOptOut: optOut ? 1 : 0 },
  };
}

function otherTextCount(mentions: Awaited<ReturnType<typeof mentionRows>>) {
  return mentions.otherText.answers.length + mentions.otherText.invitations.length + mentions.otherText.organisations.length;
}

export type PersonData = Awaited<ReturnType<typeof collectPersonData>>["data"];

/** The person's own view and downloads: the same collection without the scan for mentions elsewhere. */
export async function ownPersonData(email: string, now = new Date()) {
  return collectPersonData(email, now, db, { mentions: false });
}

/** Staff's view of one person: the whole collection, mentions elsewhere included. */
export async function findPerson(email: string, now = new Date()) {
  return collectPersonData(email, now);
}
