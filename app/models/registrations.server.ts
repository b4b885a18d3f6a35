import type { Event, Registration } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { CALENDAR_METHOD, personalCalendar } from "~/lib/calendar.server";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db, type Db, type Tx } from "~/lib/db.server";
import { localeOf, type Locale } from "~/lib/i18n";
import { TX_OPTIONS } from "~/lib/transactions.server";
import { paths } from "~/lib/urls";
import { urls } from "~/lib/urls.server";
import { availability, calendarInput, groupGetsPlace, questionsOf, registrationWindow, type EventWithSessions, type Question } from "./event-options";
import { countFill, loadEvent, recountEvent, waitlistPosition } from "./registration-counts.server";
import { MAX_GROUP, type Answers } from "./registration-form";
import { calendarLinks, mailConfirmation, mailEnded, type EndReason } from "./registration-mail.server";
import { fillFromWaitlist } from "./waitlist.server";

/**
 * The registrations' core: how anyone gets onto an event, the private link (the person's own page: see, change,
 * cancel, sign up again, calendar file) and cancelling. Capacity counts persons (a group of three takes three
 * places). The count and the insert happen in one transaction; SQLite with the driver adapter runs a process's
 * transactions one at a time, so two requests for the last place give one place. The contract other areas use:
 * `register(tx)`, `registerForEvent`, `cancelRegistrationById(tx)`, `issueRegistrationLink(tx)`.
 */

/**
 * A new private link for a registration (the person's own page: change, cancel, calendar file), as the token to put
 * in `urls.registration(token)`; only its hash is stored. The one way any area (a reminder, a change) issues one.
 */
export async function issueRegistrationLink(tx: Db, registrationId: string): Promise<string> {
  const token = randomToken();
  await tx.registrationToken.create({ data: { registrationId, tokenHash: hashToken(token) } });
  return token;
}

// ─── Signing up ──────────────────────────────────────────────────────────────────────────────────────────────────

export type RegistrationInput = {
  eventId: string;
  source: "PUBLIC" | "MEMBER" | "STAFF" | "INVITATION";
  name: string;
  email: string;
  phone?: string | null;
  locale: Locale;
  /** names of the people who come along (0–2) */
  companions?: string[];
  answers?: Answers;
  mayContactAgain?: boolean;
  userId?: string | null;
  organisationId?: string | null;
  organisationName?: string | null;
  /** staff adding by hand are not bound by the sign-up window */
  actorId?: string | null;
  /** signing up again after a cancel: refused as already registered if this address got a place or waitlist spot since */
  unlessRegisteredSince?: Date;
};

export type RegisterResult =
  | { ok: true; registrationId: string; status: "REGISTERED" | "WAITLISTED"; position: number | null; token: string }
  | { ok: false; error: "not-found" | "not-open" | "closed" | "full" | "not-allowed" | "already-registered" };

/**
 * The one way anyone gets onto an event: the public form, a member's click, staff by hand, an invitation's "yes".
 * Registered when the group fits and nobody waits ahead; else on the waitlist (if kept); else full.
 */
export function registerForEvent(input: RegistrationInput, now = new Date()): Promise<RegisterResult> {
  return db.$transaction((tx) => register(tx, input, now), TX_OPTIONS);
}

/** `registerForEvent` inside the caller's transaction (an invitation's yes claims, registers and records in one). */
export async function register(tx: Tx, input: RegistrationInput, now = new Date()): Promise<RegisterResult> {
  const groupSize = 1 + Math.min(MAX_GROUP - 1, input.companions?.length ?? 0);
  const event = await loadEvent(tx, input.eventId);
  if (!event || event.status === "DRAFT") return { ok: false, error: "not-found" };
  const staff = input.source === "STAFF";
  if (event.status === "CANCELLED" || (event.lastEndsAt && event.lastEndsAt <= now)) return { ok: false, error: "closed" };
  if (!staff) {
    const window = registrationWindow(event, now);
    if (window !== "open") return { ok: false, error: window };
    if (event.visibility === "MEMBERS" && input.source !== "MEMBER" && input.source !== "INVITATION") return { ok: false, error: "not-allowed" };
    if (event.visibility === "INVITATION" && input.source !== "INVITATION") return { ok: false, error: "not-allowed" };
  }
  if (input.userId) {
    const existing = await tx.registration.findFirst({ where: { eventId: event.id, userId: input.userId, status: { not: "CANCELLED" } }, select: { id: true } });
    if (existing) return { ok: false, error: "already-registered" };
  }
  if (input.unlessRegisteredSince) {
    if (await tx.registration.findFirst({ where: activeSince(event.id, input.email, input.unlessRegisteredSince), select: { id: true } })) return { ok: false, error: "already-registered" };
  }

  const fill = await countFill(tx, event.id);
  const fits = groupGetsPlace(event.capacity, fill, groupSize);
  if (!fits && !event.waitlistEnabled) return { ok: false, error: "full" };
  const status = fits ? "REGISTERED" : "WAITLISTED";

  const people = [input.name, ...(input.companions ?? []).slice(0, MAX_GROUP - 1)];
  const answers = Object.entries(input.answers ?? {}).filter(([q, v]) => v && questionsOf(event).includes(q as Question));
  const registration = await tx.registration.create({
    data: {
      eventId: event.id,
      status,
      source: input.source,
      name: input.name,
      email: input.email.trim().toLowerCase(),
      phone: input.phone ?? null,
      locale: input.locale,
      groupSize,
      userId: input.userId ?? null,
      organisationId: input.organisationId ?? null,
      organisationName: input.organisationName ?? null,
      mayContactAgain: input.mayContactAgain ?? false,
      registeredAt: status === "REGISTERED" ? now : null,
      waitlistedAt: status === "WAITLISTED" ? now : null,
      people: { create: people.map((p, position) => ({ position, name: p })) },
      answers: { create: answers.map(([question, value]) => ({ question, value: String(value) })) },
    },
  });
  const token = await issueRegistrationLink(tx, registration.id);
  // the counts were read in this transaction, so the new ones follow without counting again
  const position = status === "WAITLISTED" ? fill.waitingCount + 1 : null;
  await tx.event.update({
    where: { id: event.id },
    data: {
      registeredPersons: fill.registeredPersons + (status === "REGISTERED" ? groupSize : 0),
      heldPersons: fill.heldPersons,
      waitingCount: fill.waitingCount + (status === "WAITLISTED" ? 1 : 0),
    },
  });
  await mailConfirmation(tx, event, registration, token, `registration-confirmation:${registration.id}`, now, position);
  if (staff) await audit(tx, { actorId: input.actorId ?? null, action: "registration.add", entityType: "Registration", entityId: registration.id, details: { eventId: event.id, status } });
  return { ok: true, registrationId: registration.id, status, position, token };
}


// ─── The private link ────────────────────────────────────────────────────────────────────────────────────────────

async function findByToken(tx: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await tx.registrationToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { registrationId: true } });
  if (!row) return null;
  return tx.registration.findUnique({
    where: { id: row.registrationId },
    include: {
      event: { include: { sessions: { orderBy: { position: "asc" } } } },
      people: { orderBy: { position: "asc" } },
      answers: true,
      offers: { where: { status: "OPEN" } },
    },
  });
}

/** Until the first session starts the person may change answers and cancel. */
function mayChange(registration: Pick<Registration, "status">, event: Pick<Event, "status" | "firstStartsAt">, now: Date) {
  return registration.status !== "CANCELLED" && event.status === "PUBLISHED" && (!event.firstStartsAt || now < event.firstStartsAt);
}

export async function getRegistrationByToken(token: string, now = new Date()) {
  const r = await findByToken(db, token);
  if (!r) return null;
  const { event, ...registration } = r;
  return {
    registration: {
      id: registration.id,
      status: registration.status,
      name: registration.name,
      email: registration.email,
      phone: registration.phone,
      groupSize: registration.groupSize,
      people: registration.people.map((p) => p.name),
      answers: Object.fromEntries(registration.answers.map((a) => [a.question, a.value])) as Answers,
      position: await waitlistPosition(db, registration),
      hasOffer: registration.offers.length > 0,
    },
    event: {
      id: event.id,
      title: event.title,
      status: event.status,
      placeAddress: event.placeAddress,
      placeRoom: event.placeRoom,
      placeDirections: event.placeDirections,
      sessions: event.sessions.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt, placeAddress: s.placeAddress, placeRoom: s.placeRoom })),
      // the online link only for someone with a place
      onlineUrl: registration.status === "REGISTERED" ? event.onlineUrl : null,
      cancelMessage: event.cancelMessage,
    },
    questions: questionsOf(event),
    canChange: mayChange(registration, event, now),
    // what the private page offers beyond the registration itself: the calendar for a place, a new sign-up after a cancel
    calendarLinks: registration.status === "REGISTERED" && event.status === "PUBLISHED" ? calendarLinks(event, token) : null,
    again: registration.status === "CANCELLED" ? signUpAgainChoice(event, registration.groupSize, now) : null,
    eventPath: event.visibility === "PUBLIC" ? paths.publicEvent(event) : null,
  };
}

/**
 * After a cancel: may this person sign up again, and would they get a place ("register") or a waitlist spot
 * ("waitlist")? "full" when neither; null when sign-up is not open. The same rule as registerForEvent, read ahead.
 */
function signUpAgainChoice(event: EventWithSessions, groupSize: number, now: Date): "register" | "waitlist" | "full" | null {
  if (event.status !== "PUBLISHED" || registrationWindow(event, now) !== "open" || (event.lastEndsAt && event.lastEndsAt <= now)) return null;
  if (groupGetsPlace(event.capacity, event, groupSize)) return "register";
  return availability(event) === "full" || !event.waitlistEnabled ? "full" : "waitlist";
}

/** An address's registration on an event that has a place or a waitlist spot taken at or after `since` (the model's clock). */
function activeSince(eventId: string, email: string, since: Date) {
  return {
    eventId,
    email: email.trim().toLowerCase(),
    OR: [
      { status: "REGISTERED" as const, registeredAt: { gte: since } },
      { status: "WAITLISTED" as const, waitlistedAt: { gte: since } },
    ],
  };
}

/**
 * A person who cancelled signs up again from their private page, with the same details (people, answers, language),
 * through registerForEvent: a place while one is free, else the waitlist. Returns the new registration's private token.
 * Pressing twice (or from two tabs) gives one new registration: the second answer is a new link to the first.
 */
export async function signUpAgain(token: string, now = new Date()): Promise<RegisterResult> {
  const r = await findByToken(db, token);
  if (!r) return { ok: false, error: "not-found" };
  if (r.status !== "CANCELLED" || !r.cancelledAt || !r.email) return { ok: false, error: "already-registered" };
  const [name, ...companions] = r.people.map((p) => p.name);
  const result = await registerForEvent(
    {
      eventId: r.eventId,
      // staff added this person by hand, outside the sign-up rules; signing up again follows them
      source: r.source === "STAFF" ? "PUBLIC" : r.source,
      name: name ?? r.name,
      email: r.email,
      phone: r.phone,
      locale: localeOf(r.locale),
      companions,
      answers: Object.fromEntries(r.answers.map((a) => [a.question, a.value])) as Answers,
      mayContactAgain: r.mayContactAgain,
      userId: r.userId,
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      unlessRegisteredSince: r.cancelledAt,
    },
    now,
  );
  if (result.ok || result.error !== "already-registered") return result;
  // already signed up again since this cancel: a fresh link to that registration
  return db.$transaction(async (tx): Promise<RegisterResult> => {
    const since = await tx.registration.findFirst({ where: activeSince(r.eventId, r.email, r.cancelledAt!), orderBy: { createdAt: "desc" } });
    if (!since) return { ok: false, error: "already-registered" };
    const status = since.status === "WAITLISTED" ? "WAITLISTED" : "REGISTERED";
    return { ok: true, registrationId: since.id, status, position: await waitlistPosition(tx, since), token: await issueRegistrationLink(tx, since.id) };
  }, TX_OPTIONS);
}

/**
 * The person's own calendar file behind the private link (the .ics on the confirmation page): the same UIDs, SEQUENCE
 * and ATTENDEE as the file their confirmation mail carries, so the entry is one entry whichever they used, and later
 * updates and cancellations reach it. Only while they have a place.
 */
export async function registrationCalendarFile(token: string, now = new Date()): Promise<string | null> {
  const r = await findByToken(db, token);
  if (!r || r.status !== "REGISTERED" || !r.email || r.event.status !== "PUBLISHED") return null;
  // the file last mailed to this person, again: its SEQUENCE, them ACCEPTED, their private page as the link
  const sequence = Math.max(r.event.sequence, r.calendarSequence ?? 0);
  return personalCalendar(calendarInput(r.event), CALENDAR_METHOD.REQUEST, { email: r.email, name: r.name }, now, { sequence, url: urls.registration(token), partstat: "ACCEPTED" }).content;
}

export async function updateRegistrationAnswers(token: string, input: { phone: string | null; answers: Answers }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const r = await findByToken(tx, token);
    if (!r || !mayChange(r, r.event, now)) return false;
    const asked = questionsOf(r.event);
    await tx.registrationAnswer.deleteMany({ where: { registrationId: r.id } });
    for (const q of asked) {
      const value = input.answers[q];
      if (value) await tx.registrationAnswer.create({ data: { registrationId: r.id, question: q, value } });
    }
    await tx.registration.update({ where: { id: r.id }, data: { phone: input.phone } });
    return true;
  }, TX_OPTIONS);
}

/** The person cancels through their private link; a freed place goes to the waitlist at once. */
export async function cancelRegistration(token: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const r = await findByToken(tx, token);
    if (!r || !mayChange(r, r.event, now)) return false;
    await endRegistration(tx, r.event, r, "self", now);
    return true;
  }, TX_OPTIONS);
}

/**
 * Cancels a registration by its id, in the caller's transaction, as if its person had cancelled it (the same rule
 * and effects as the private link: the cancellation mail, the calendar CANCEL, the waitlist moving on). Used when an
 * invitation's yes becomes a no. False when it is already cancelled or may no longer be changed.
 */
export async function cancelRegistrationById(tx: Tx, registrationId: string, now = new Date()): Promise<boolean> {
  const r = await tx.registration.findUnique({ where: { id: registrationId }, include: { event: { include: { sessions: { orderBy: { position: "asc" } } } } } });
  if (!r || !mayChange(r, r.event, now)) return false;
  await endRegistration(tx, r.event, r, "self", now);
  return true;
}

/**
 * The person cancels from the page of their own data (/privacy/my-data/<token>, which proves the address): the same
 * rule and the same effects as through the private link, for a registration of that address.
 */
export async function cancelRegistrationOf(input: { email: string; registrationId: string }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const r = await tx.registration.findFirst({
      where: { id: input.registrationId, email: input.email.trim().toLowerCase() },
      include: { event: { include: { sessions: { orderBy: { position: "asc" } } } } },
    });
    if (!r || !mayChange(r, r.event, now)) return false;
    await endRegistration(tx, r.event, r, "self", now);
    return true;
  }, TX_OPTIONS);
}

/** Until the first session starts a registration may be changed and cancelled by its person. */
export function mayCancel(registration: Pick<Registration, "status">, event: Pick<Event, "status" | "firstStartsAt">, now = new Date()) {
  return mayChange(registration, event, now);
}

/** A registration ends: the person is told (a calendar CANCEL if they had a place), the waitlist moves on. */
export async function endRegistration(tx: Db, event: EventWithSessions, registration: Registration, reason: Exclude<EndReason, "moved-to-waitlist">, now: Date) {
  const hadCalendar = registration.status === "REGISTERED";
  const updated = await tx.registration.update({ where: { id: registration.id }, data: { status: "CANCELLED", cancelledAt: now } });
  await tx.waitlistOffer.updateMany({ where: { registrationId: registration.id, status: "OPEN" }, data: { status: "WITHDRAWN", answeredAt: now } });
  await mailEnded(tx, event, updated, reason, hadCalendar, now);
  await fillFromWaitlist(tx, event.id, now);
  await recountEvent(tx, event.id);
}
