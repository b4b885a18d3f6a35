import type { InvitationAnswer } from "~/generated/prisma/client";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { localeOf } from "~/lib/i18n";
import type { EventWithSessions } from "./event-options";
import { isOptedOut } from "./optouts.server";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { cancelRegistrationById, register } from "./registrations.server";

/**
 * The recipient's side, without signing in: the personal link (256 random bits, only the hash stored) is the key to
 * the answer page (`urls.invitationAnswer(token)`) and the opt-out page (`urls.unsubscribe(token)`). An answer is
 * recorded in one transaction with what it does to a registration.
 */

/** A new personal link for a recipient; returns the token for the mail. */
export async function issueInvitationLink(tx: Db, recipientId: string) {
  const token = randomToken();
  await tx.invitationLink.create({ data: { recipientId, tokenHash: hashToken(token) } });
  return token;
}

async function findByToken(tx: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const link = await tx.invitationLink.findUnique({ where: { tokenHash: hashToken(token) }, select: { recipientId: true } });
  if (!link) return null;
  return tx.invitationRecipient.findUnique({
    where: { id: link.recipientId },
    include: { invitation: { include: { event: { include: { sessions: { orderBy: { position: "asc" } } } } } } },
  });
}

/** The answer may be given and changed until the event starts, while it is published. */
function mayAnswer(event: EventWithSessions, now: Date) {
  return event.status === "PUBLISHED" && (!event.firstStartsAt || now < event.firstStartsAt);
}

export async function getInvitationByToken(token: string, now = new Date()) {
  const r = await findByToken(db, token);
  if (!r) return null;
  const event = r.invitation.event;
  const registration = r.registrationId ? await db.registration.findUnique({ where: { id: r.registrationId }, select: { status: true } }) : null;
  return {
    name: r.name,
    email: r.email,
    answer: r.answer,
    registrationStatus: registration?.status ?? null,
    canAnswer: mayAnswer(event, now),
    optedOut: await isOptedOut(r.email),
    event: {
      id: event.id,
      title: event.title,
      summary: event.summary,
      status: event.status,
      visibility: event.visibility,
      placeAddress: event.placeAddress,
      placeRoom: event.placeRoom,
      sessions: event.sessions.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, placeAddress: s.placeAddress, placeRoom: s.placeRoom })),
      cancelMessage: event.cancelMessage,
    },
  };
}

type AnswerResult =
  | { ok: true; answer: InvitationAnswer; registration: "REGISTERED" | "WAITLISTED" | null }
  | { ok: false; error: "not-found" | "closed" | "full" | "registration-closed" };

/**
 * Records yes / no / maybe. Yes registers the person through the one sign-up rule (capacity and waitlist as for
 * anyone); turning a yes into no or maybe cancels that registration as if the person had cancelled it themselves.
 * One transaction: the answer, the registration and its mail are recorded together or not at all.
 */
export async function answerInvitation(token: string, answer: InvitationAnswer, now = new Date()): Promise<AnswerResult> {
  return db.$transaction(async (tx): Promise<AnswerResult> => {
    const r = await findByToken(tx, token);
    if (!r) return { ok: false, error: "not-found" };
    const event = r.invitation.event;
    if (!mayAnswer(event, now)) return { ok: false, error: "closed" };

    if (answer === "YES") {
      const current = r.registrationId ? await tx.registration.findUnique({ where: { id: r.registrationId }, select: { status: true } }) : null;
      if (current && current.status !== "CANCELLED") {
        await tx.invitationRecipient.update({ where: { id: r.id }, data: { answer: "YES", answeredAt: now } });
        return { ok: true, answer, registration: current.status };
      }
      // Claimed first by a conditional update on the state we read, so a double click registers once.
      const claimed = await tx.invitationRecipient.updateMany({
        where: { id: r.id, answer: r.answer, answeredAt: r.answeredAt, registrationId: r.registrationId },
        data: { answer: "YES", answeredAt: now },
      });
      if (claimed.count !== 1) return { ok: true, answer, registration: null };
      const existing = await tx.registration.findFirst({
        where: { eventId: event.id, email: r.email, status: { not: "CANCELLED" } },
        select: { id: true, status: true },
      });
      if (existing) {
        await tx.invitationRecipient.update({ where: { id: r.id }, data: { registrationId: existing.id } });
        return { ok: true, answer, registration: existing.status === "CANCELLED" ? null : existing.status };
      }
      const result = await register(
        tx,
        {
          eventId: event.id,
          source: "INVITATION",
          name: r.name || r.email,
          email: r.email,
          locale: localeOf(r.locale),
          userId: r.userId,
          organisationId: r.organisationId,
        },
        now,
      );
      if (!result.ok) {
        if (result.error === "already-registered") return { ok: true, answer, registration: "REGISTERED" };
        // the yes did not take: the earlier answer stands
        await tx.invitationRecipient.update({ where: { id: r.id }, data: { answer: r.answer, answeredAt: r.answeredAt } });
        if (result.error === "full") return { ok: false, error: "full" };
        return { ok: false, error: result.error === "not-found" ? "not-found" : "registration-closed" };
      }
      await tx.invitationRecipient.update({ where: { id: r.id }, data: { registrationId: result.registrationId } });
      return { ok: true, answer, registration: result.status };
    }

    // no or maybe: a registration this invitation made is ended (with its own cancellation mail and calendar CANCEL)
    if (r.registrationId) {
      const registration = await tx.registration.findUnique({ where: { id: r.registrationId }, select: { id: true, status: true } });
      if (registration && registration.status !== "CANCELLED") await cancelRegistrationById(tx, registration.id, now);
    }
    await tx.invitationRecipient.update({ where: { id: r.id }, data: { answer, answeredAt: now } });
    return { ok: true, answer, registration: null };
  }, TX_OPTIONS);
}

/** The address behind an answer link (for the opt-out page). */
export async function recipientEmailByToken(token: string) {
  const r = await findByToken(db, token);
  return r ? r.email : null;
}
