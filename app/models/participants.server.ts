import { audit } from "~/lib/audit.server";
import { db } from "~/lib/db.server";
import type { Locale } from "~/lib/i18n";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { loadEvent, recountEvent } from "./registration-counts.server";
import type { Answers } from "./registration-form";
import { mailConfirmation, mailEnded } from "./registration-mail.server";
import { endRegistration, issueRegistrationLink, registerForEvent } from "./registrations.server";
import type { BulkAction } from "./participant-options";
import { fillFromWaitlist } from "./waitlist.server";

/**
 * Staff and an event's people: adding someone who phoned, moving a registration between the list and the waitlist,
 * cancelling, attendance per session, the same actions on many at once, and the list of everyone. Each goes through
 * the same rules as the person's own sign-up (capacity, the waitlist, the mails) and is audited. The CSV export:
 * ./participants-csv.server.ts.
 */

/** Staff add someone who phoned, outside the sign-up window (not over capacity: then the waitlist). */
export async function addParticipantByHand(
  { actorId, eventId, person }: { actorId: string; eventId: string; person: { name: string; email: string; phone: string | null; locale: Locale; companions: string[] } },
  now = new Date(),
) {
  return registerForEvent({ eventId, source: "STAFF", actorId, ...person }, now);
}

/** Staff move someone onto the list (over capacity if they decide so) or back to the waitlist. */
export async function moveRegistration(
  { actorId, registrationId, to }: { actorId: string; registrationId: string; to: "REGISTERED" | "WAITLISTED" },
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const r = await tx.registration.findUnique({ where: { id: registrationId } });
    if (!r || r.status === to || r.status === "CANCELLED") return false;
    const event = await loadEvent(tx, r.eventId);
    if (!event || event.status !== "PUBLISHED") return false;
    await tx.waitlistOffer.updateMany({ where: { registrationId, status: "OPEN" }, data: { status: "WITHDRAWN", answeredAt: now } });
    const updated = await tx.registration.update({
      where: { id: registrationId },
      data: to === "REGISTERED" ? { status: to, registeredAt: now, waitlistedAt: null } : { status: to, waitlistedAt: now, registeredAt: null },
    });
    if (to === "REGISTERED") {
      const token = await issueRegistrationLink(tx, registrationId);
      await mailConfirmation(tx, event, updated, token, `registration-confirmation:${registrationId}:moved:${now.getTime()}`, now);
    } else {
      await mailEnded(tx, event, updated, "moved-to-waitlist", true, now);
      await fillFromWaitlist(tx, event.id, now);
    }
    await recountEvent(tx, event.id);
    await audit(tx, { actorId, action: `registration.move.${to.toLowerCase()}`, entityType: "Registration", entityId: registrationId, details: { eventId: event.id } });
    return true;
  }, TX_OPTIONS);
}

/** Staff cancel a registration: the same effects as the person cancelling, audited. */
export async function staffCancelRegistration({ actorId, registrationId }: { actorId: string; registrationId: string }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const r = await tx.registration.findUnique({ where: { id: registrationId } });
    if (!r || r.status === "CANCELLED") return false;
    const event = await loadEvent(tx, r.eventId);
    if (!event) return false;
    await endRegistration(tx, event, r, "staff", now);
    await audit(tx, { actorId, action: "registration.cancel", entityType: "Registration", entityId: registrationId, details: { eventId: event.id } });
    return true;
  }, TX_OPTIONS);
}

/** Who was there at one session: the ticked registrations present, every other registered one absent. */
export async function setAttendance({ actorId, eventId, sessionId, present }: { actorId: string; eventId: string; sessionId: string; present: Set<string> }) {
  return db.$transaction(async (tx) => {
    const session = await tx.eventSession.findFirst({ where: { id: sessionId, eventId }, select: { id: true } });
    if (!session) return false;
    const registered = await tx.registration.findMany({ where: { eventId, status: "REGISTERED" }, select: { id: true } });
    for (const r of registered) {
      await tx.sessionAttendance.upsert({
        where: { sessionId_registrationId: { sessionId, registrationId: r.id } },
        create: { sessionId, registrationId: r.id, present: present.has(r.id) },
        update: { present: present.has(r.id) },
      });
    }
    await audit(tx, { actorId, action: "event.attendance", entityType: "EventSession", entityId: sessionId, details: { eventId, present: present.size } });
    return true;
  }, TX_OPTIONS);
}

// ─── Staff: many at once ─────────────────────────────────────────────────────────────────────────────────────────

const MAX_BULK = 2000;

/** Which state a registration must be in for the action (moves only on a published event, as one by one). */
function bulkApplies(action: BulkAction, status: string, eventStatus: string) {
  if (action === "cancel") return status !== "CANCELLED";
  if (action === "attended") return status === "REGISTERED";
  if (eventStatus !== "PUBLISHED") return false;
  return action === "to-waitlist" ? status === "REGISTERED" : status === "WAITLISTED";
}

/** Of the ticked registrations, those of this event the action applies to, and how many were left out. */
export async function planBulkAction({ eventId, ids, action }: { eventId: string; ids: string[]; action: BulkAction }) {
  const asked = [...new Set(ids)].slice(0, MAX_BULK);
  const event = await db.event.findUnique({ where: { id: eventId }, select: { status: true } });
  if (!event) return null;
  const rows = await db.registration.findMany({ where: { eventId, id: { in: asked } }, select: { id: true, status: true }, orderBy: { createdAt: "asc" } });
  const eligible = rows.filter((r) => bulkApplies(action, r.status, event.status)).map((r) => r.id);
  return { eligible, skipped: asked.length - eligible.length };
}

/**
 * One action on many registrations, through the same rules as one at a time: moves and cancels go through
 * moveRegistration / staffCancelRegistration (capacity, the waitlist, the mails, an audit entry each); "attended" marks
 * every session of the event present. One more audit entry records the bulk action and its count.
 */
export async function applyBulkAction({ actorId, eventId, ids, action }: { actorId: string; eventId: string; ids: string[]; action: BulkAction }, now = new Date()) {
  const plan = await planBulkAction({ eventId, ids, action });
  if (!plan) return null;
  let done = 0;
  if (action === "attended") {
    done = await db.$transaction(async (tx) => {
      const sessions = await tx.eventSession.findMany({ where: { eventId }, select: { id: true } });
      let n = 0;
      for (const registrationId of plan.eligible) {
        const r = await tx.registration.findFirst({ where: { id: registrationId, eventId, status: "REGISTERED" }, select: { id: true } });
        if (!r) continue;
        for (const s of sessions) {
          await tx.sessionAttendance.upsert({
            where: { sessionId_registrationId: { sessionId: s.id, registrationId } },
            create: { sessionId: s.id, registrationId, present: true },
            update: { present: true },
          });
        }
        n++;
      }
      return n;
    }, TX_OPTIONS);
  } else {
    for (const registrationId of plan.eligible) {
      const ok =
        action === "cancel"
          ? await staffCancelRegistration({ actorId, registrationId }, now)
          : await moveRegistration({ actorId, registrationId, to: action === "to-list" ? "REGISTERED" : "WAITLISTED" }, now);
      if (ok) done++;
    }
  }
  await audit(db, { actorId, action: `registration.bulk.${action}`, entityType: "Event", entityId: eventId, details: { asked: ids.length, done } });
  return { done };
}

/** Everyone on an event, grouped by state, with answers and attendance: the printable list and the CSV. */
export async function getParticipants(eventId: string) {
  const registrations = await db.registration.findMany({
    where: { eventId },
    orderBy: [{ status: "asc" }, { waitlistedAt: "asc" }, { createdAt: "asc" }],
    include: { people: { orderBy: { position: "asc" } }, answers: true, attendance: true, offers: { where: { status: "OPEN" }, select: { expiresAt: true } } },
  });
  return registrations.map((r) => ({
    id: r.id,
    status: r.status,
    source: r.source,
    name: r.name,
    email: r.email,
    phone: r.phone,
    groupSize: r.groupSize,
    people: r.people.map((p) => p.name),
    answers: Object.fromEntries(r.answers.map((a) => [a.question, a.value])) as Answers,
    organisationName: r.organisationName,
    createdAt: r.createdAt,
    offerExpiresAt: r.offers[0]?.expiresAt ?? null,
    present: Object.fromEntries(r.attendance.map((a) => [a.sessionId, a.present])) as Record<string, boolean>,
  }));
}
