import type { ScheduledTask } from "~/lib/scheduled.server";
import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Event, EventSession, Registration } from "~/generated/prisma/client";
import { eventChangedEmail } from "#emails/event-changed";
import { eventCancelledEmail } from "#emails/event-cancelled";
import type { EventMailDetails } from "#emails/event-parts";
import { registrationCancelledEmail } from "#emails/registration-cancelled";
import { registrationConfirmationEmail } from "#emails/registration-confirmation";
import { evaluationUrlForConfirmation } from "./evaluation-answers.server";
import { registrationOfferEmail } from "#emails/registration-offer";
import { renderEmail } from "#emails/render";
import { audit } from "~/lib/audit.server";
import { tallyRegistrations } from "./status-tally.server";
import { CALENDAR_METHOD, googleCalendarUrl, outlookCalendarUrl, personalCalendar } from "~/lib/calendar.server";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db, type Db, type Tx } from "~/lib/db.server";
import { formatDate, localeOf, timeZone, translate, type Locale } from "~/lib/i18n";
import { isSingleAddress, queueEmail } from "~/lib/outbox.server";
import { urls } from "~/lib/urls.server";
import { changeLines, NO_CHANGES, type EventChanges } from "./event-diff";
import { answerText, availability, calendarInput, freePlaces, groupGetsPlace, questionsOf, registrationClosesAt, registrationWindow, RELATIONS, sessionTime, type EventWithSessions, type Question } from "./event-options";
import type { MessageKey } from "~/locales";
import { getActiveMembership, listActiveMemberContacts } from "./membership.server";
import type { BulkAction } from "./participant-options";
import { paths } from "~/lib/urls";

/**
 * Sign-up, the waitlist and what they mail. Capacity counts persons (a group of three takes three places). The count
 * and the insert happen in one transaction; SQLite with the driver adapter runs a process's transactions one at a
 * time, so two requests for the last place give one place.
 */

/** Many sign-ups may queue for the write lock at once (a burst of 500): wait for it rather than fail. */
export const TX_OPTIONS = { maxWait: 120_000, timeout: 60_000 } as const;
export const OFFER_HOURS = 48;
export const DELETE_AFTER_DAYS = 90;
export const MAX_GROUP = 3;

// ─── The sign-up form ────────────────────────────────────────────────────────────────────────────────────────────

// eslint-disable-next-line no-control-regex -- a one-line field may hold no control characters at all
const controlChars = /[\u0000-\u001f\u007f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- a comment keeps tabs and line breaks, nothing else
const controlCharsMultiline = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const name = z
  .string({ required_error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(120, "events.errorTooLong")
  .refine((v) => !controlChars.test(v), "events.errorControl")
  .refine((v) => !/[<>]/.test(v), "events.errorMarkup");
const optionalLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "events.errorTooLong")
    .refine((v) => !controlChars.test(v), "events.errorControl")
    .optional()
    .transform((v) => v || undefined);

export const answersSchema = z.object({
  relation: z.enum(RELATIONS).optional().or(z.literal("").transform(() => undefined)),
  language: optionalLine(100),
  interpreter: z.enum(["yes", "no"]).optional().or(z.literal("").transform(() => undefined)),
  needs: optionalLine(500),
  comment: z
    .string()
    .max(2000, "events.errorTooLong")
    .refine((v) => !controlCharsMultiline.test(v), "events.errorControl")
    .optional()
    .transform((v) => v?.replace(/\r\n?/g, "\n").trim() || undefined),
});

/**
 * A name on the public sign-up form: every message says what to do and names the field, so the error summary needs
 * no label in front of it ("Skriv dit navn", "Skriv navnet på person 2").
 */
type NameMessages = { missing: string; tooLong: string; markup: string; control: string };
const nameMessages = {
  name: { missing: "events.errorNameMissing", tooLong: "events.errorNameTooLong", markup: "events.errorNameMarkup", control: "events.errorNameControl" },
  person2: { missing: "events.errorPerson2Missing", tooLong: "events.errorPerson2TooLong", markup: "events.errorPerson2Markup", control: "events.errorPerson2Control" },
  person3: { missing: "events.errorPerson3Missing", tooLong: "events.errorPerson3TooLong", markup: "events.errorPerson3Markup", control: "events.errorPerson3Control" },
} satisfies Record<string, Record<keyof NameMessages, MessageKey>>;
function nameProblem(value: string | undefined, messages: NameMessages): string | null {
  if (!value) return messages.missing;
  if (value.length > 120) return messages.tooLong;
  if (controlChars.test(value)) return messages.control;
  if (/[<>]/.test(value)) return messages.markup;
  return null;
}
const rawLine = z.string().trim().optional().transform((v) => v || undefined);
const phone = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => !v || (v.length <= 30 && /^[+0-9 ()-]{6,30}$/.test(v)), "events.errorPhone");

/**
 * The public sign-up form; `website` is the honeypot a person never sees and a bot fills in. Fields in the order of
 * the form, so the error summary lists problems in that order. Person 2 and 3 are read (and checked) only when the
 * group needs them: "Kun mig" never stores, nor refuses, what is left in their fields.
 */
export const signupSchema = z
  .object({
    name: rawLine.superRefine((v, ctx) => {
      const problem = nameProblem(v, nameMessages.name);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    email: z
      .string()
      .default("")
      .pipe(
        z
          .string()
          .trim()
          .min(1, "events.errorEmailMissing")
          .max(254, "events.errorEmailInvalid")
          .email("events.errorEmailInvalid")
          // no transform here: a failed transform stops the checks of person 2 and 3 below (zod skips refinements then)
          .refine((v) => isSingleAddress(v.toLowerCase()), "events.errorEmailInvalid"),
      ),
    phone,
    groupSize: z.enum(["1", "2", "3"], { errorMap: () => ({ message: "events.errorGroupSize" }) }).transform(Number),
    person2: rawLine,
    person3: rawLine,
    mayContactAgain: z.string().optional().transform((v) => v === "on"),
    website: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    for (const field of ["person2", "person3"] as const) {
      const problem = v.groupSize >= (field === "person2" ? 2 : 3) ? nameProblem(v[field], nameMessages[field]) : null;
      if (problem) ctx.addIssue({ code: "custom", path: [field], message: problem });
    }
  })
  // the questions come after the people on the form, and so do their messages
  .and(answersSchema)
  .transform((v) => ({
    name: v.name ?? "",
    email: v.email.toLowerCase(),
    phone: v.phone ?? null,
    companions: [v.person2, v.person3].slice(0, v.groupSize - 1).filter((p): p is string => Boolean(p)),
    answers: pickAnswers(v),
    mayContactAgain: v.mayContactAgain,
    honeypot: Boolean(v.website?.trim()),
  }));

export type Answers = Partial<Record<Question, string>>;

function pickAnswers(v: z.infer<typeof answersSchema>): Answers {
  const out: Answers = {};
  for (const q of ["relation", "language", "interpreter", "needs", "comment"] as const) if (v[q]) out[q] = v[q];
  return out;
}

/** The form on the private page: change answers and phone. */
export const answersFormSchema = answersSchema
  .extend({ phone })
  .transform((v) => ({ phone: v.phone ?? null, answers: pickAnswers(v) }));

/** Staff add someone who phoned: email optional (then no mail goes out). */
export const staffAddSchema = z
  .object({
    name,
    email: z
      .string()
      .trim()
      .max(254, "form.invalidEmail")
      .optional()
      .refine((v) => !v || (z.string().email().safeParse(v).success && isSingleAddress(v.toLowerCase())), "form.invalidEmail")
      .transform((v) => (v ? v.toLowerCase() : "")),
    phone: optionalLine(30),
    groupSize: z.enum(["1", "2", "3"], { errorMap: () => ({ message: "events.errorGroupSize" }) }).transform(Number),
    person2: optionalLine(120),
    person3: optionalLine(120),
    locale: z.enum(["da", "en"]).default("da"),
  })
  .transform((v) => ({
    name: v.name,
    email: v.email,
    phone: v.phone ?? null,
    locale: v.locale as Locale,
    companions: [v.person2, v.person3].slice(0, v.groupSize - 1).map((p, i) => p || `${v.name} +${i + 1}`),
  }));

// ─── Counting ────────────────────────────────────────────────────────────────────────────────────────────────────

async function countFill(tx: Db, eventId: string) {
  const [registered, waiting, offers] = await Promise.all([
    tx.registration.aggregate({ where: { eventId, status: "REGISTERED" }, _sum: { groupSize: true } }),
    tx.registration.count({ where: { eventId, status: "WAITLISTED" } }),
    tx.waitlistOffer.findMany({ where: { eventId, status: "OPEN" }, select: { registration: { select: { groupSize: true } } } }),
  ]);
  return {
    registeredPersons: registered._sum.groupSize ?? 0,
    waitingCount: waiting,
    heldPersons: offers.reduce((n, o) => n + o.registration.groupSize, 0),
  };
}

/** Writes the fill counts onto the event (the list pages read them without counting). */
export async function recountEvent(tx: Db, eventId: string) {
  const fill = await countFill(tx, eventId);
  await tx.event.update({ where: { id: eventId }, data: fill });
  return fill;
}

async function waitlistPosition(tx: Db, registration: Pick<Registration, "eventId" | "waitlistedAt" | "status">) {
  if (registration.status !== "WAITLISTED" || !registration.waitlistedAt) return null;
  return tx.registration.count({ where: { eventId: registration.eventId, status: "WAITLISTED", waitlistedAt: { lte: registration.waitlistedAt } } });
}

// ─── Mail helpers ────────────────────────────────────────────────────────────────────────────────────────────────

const privateUrl = (token: string) => urls.registration(token);
const offerUrl = (token: string) => urls.offer(token);

function sessionLines(locale: Locale, sessions: EventSession[]) {
  return [...sessions]
    .sort((a, b) => a.position - b.position)
    .map((s) => {
      const place = s.placeAddress ? ` (${[s.placeRoom, s.placeAddress].filter(Boolean).join(", ")})` : "";
      return `${sessionTime(locale, s)}${place}`;
    });
}

/** What every mail about an event says of it (registrations, invitations, reminders): its sessions and place, in the reader's language. */
export function eventMailDetails(event: EventWithSessions, name: string, locale: Locale, onlineUrl: string | null = null): EventMailDetails {
  return {
    name,
    calendarTitle: event.calendarTitle,
    eventTitle: event.title,
    discreet: event.discreet,
    sessions: sessionLines(locale, event.sessions),
    place: [event.placeRoom, event.placeAddress].filter(Boolean).join(", ") || null,
    onlineUrl,
  };
}

function details(event: EventWithSessions, registration: Pick<Registration, "name" | "locale">, withOnline: boolean): EventMailDetails {
  return eventMailDetails(event, registration.name, localeOf(registration.locale), withOnline ? event.onlineUrl : null);
}

/**
 * A new private link for a registration (the person's own page: change, cancel, calendar file), as the token to put
 * in `urls.registration(token)`; only its hash is stored. The one way any area (a reminder, a change) issues one.
 */
export async function issueRegistrationLink(tx: Db, registrationId: string): Promise<string> {
  const token = randomToken();
  await tx.registrationToken.create({ data: { registrationId, tokenHash: hashToken(token) } });
  return token;
}

// ─── Calendar SEQUENCE per address ──────────────────────────────────────────────────────────────────────────────

/**
 * The highest SEQUENCE recorded for each address on an event (Registration.calendarSequence, over all its
 * registrations: cancelled ones too).
 */
export async function sentCalendarSequences(tx: Db, eventId: string): Promise<Map<string, number>> {
  const rows = await tx.registration.groupBy({ by: ["email"], where: { eventId, calendarSequence: { not: null } }, _max: { calendarSequence: true } });
  return new Map(rows.map((r) => [r.email, r._max.calendarSequence ?? 0]));
}

/**
 * The SEQUENCE of the next personal calendar file to a registration, recorded on it. A client applies an update or a
 * cancel only when its SEQUENCE is above the last it got for that UID (RFC 5546 §3.2.5; Google and Outlook ignore it
 * otherwise), and every file about an event carries the sessions' UIDs. So the next file goes above every file
 * recorded for the address on this event (an earlier registration's too: signing up again after cancelling), and
 * never below the event's sequence, which a change raises. A registration made through an invitation starts one
 * higher still: the invitation's own REQUEST (same UIDs) went out at most at that level and is not recorded.
 */
export async function claimCalendarSequence(
  tx: Db,
  event: Pick<Event, "id" | "sequence">,
  registration: Pick<Registration, "id" | "email" | "source" | "calendarSequence">,
  sent?: Map<string, number>,
): Promise<number> {
  const last = sent ? sent.get(registration.email) : (await sentCalendarSequences(tx, event.id)).get(registration.email);
  let next = last === undefined ? event.sequence : Math.max(event.sequence, last + 1);
  if (registration.calendarSequence === null && registration.source === "INVITATION") next += 1;
  await tx.registration.update({ where: { id: registration.id }, data: { calendarSequence: next } });
  sent?.set(registration.email, next);
  return next;
}

/** A registered person's own file: REQUEST (them ACCEPTED, their private page as the link) or CANCEL, at the claimed SEQUENCE. */
async function registrationCalendar(tx: Db, event: EventWithSessions, registration: Registration, method: "REQUEST" | "CANCEL", now: Date, url: string | null, sent?: Map<string, number>) {
  const sequence = await claimCalendarSequence(tx, event, registration, sent);
  return personalCalendar(calendarInput(event), method, { email: registration.email, name: registration.name }, now, { sequence, url, partstat: "ACCEPTED" });
}

async function mailConfirmation(tx: Db, event: EventWithSessions, registration: Registration, token: string, key: string, now: Date, knownPosition?: number | null) {
  if (!registration.email) return;
  const locale = localeOf(registration.locale);
  const registered = registration.status === "REGISTERED";
  const position = knownPosition !== undefined ? knownPosition : await waitlistPosition(tx, registration);
  const mail = renderEmail(registrationConfirmationEmail, locale, {
    ...details(event, registration, registered),
    status: registered ? "REGISTERED" : "WAITLISTED",
    position,
    groupSize: registration.groupSize,
    offerHours: OFFER_HOURS,
    url: privateUrl(token),
    evaluationUrl: await evaluationUrlForConfirmation(tx, registration, now),
  });
  await queueEmail(tx, {
    kind: "registration-confirmation",
    dedupeKey: key,
    to: registration.email,
    toName: registration.name,
    ...mail,
    calendar: registered ? await registrationCalendar(tx, event, registration, CALENDAR_METHOD.REQUEST, now, privateUrl(token)) : undefined,
  });
}

async function mailEnded(tx: Db, event: EventWithSessions, registration: Registration, reason: "self" | "staff" | "offer-expired" | "moved-to-waitlist", hadCalendar: boolean, now: Date) {
  if (!registration.email) return;
  const mail = renderEmail(registrationCancelledEmail, localeOf(registration.locale), { ...details(event, registration, false), reason });
  await queueEmail(tx, {
    kind: "registration-cancelled",
    dedupeKey: `registration-ended:${registration.id}:${reason}:${now.getTime()}`,
    to: registration.email,
    toName: registration.name,
    ...mail,
    calendar: hadCalendar ? await registrationCalendar(tx, event, registration, CALENDAR_METHOD.CANCEL, now, null) : undefined,
  });
}

const loadEvent = (tx: Db, eventId: string) =>
  tx.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });

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

/** A signed-in member registers a contact person of their own organisation (themselves included) with one click. */
export async function registerMemberContact(actorUserId: string, contactUserId: string, eventId: string, now = new Date()): Promise<RegisterResult> {
  const membership = await getActiveMembership(actorUserId);
  if (!membership) return { ok: false, error: "not-allowed" };
  const contacts = await listActiveMemberContacts();
  const contact = contacts.find((c) => c.userId === contactUserId && c.organisationId === membership.organisationId);
  if (!contact) return { ok: false, error: "not-allowed" };
  return registerForEvent(
    {
      eventId,
      source: "MEMBER",
      name: contact.name,
      email: contact.email,
      locale: localeOf(contact.locale),
      userId: contact.userId,
      organisationId: contact.organisationId,
      organisationName: contact.organisationName,
    },
    now,
  );
}

/** The contact persons of the member's organisation, and whether each is already on the event. */
export async function listMemberContactsForEvent(userId: string, eventId: string) {
  const membership = await getActiveMembership(userId);
  if (!membership) return null;
  const contacts = (await listActiveMemberContacts()).filter((c) => c.organisationId === membership.organisationId);
  const registered = await db.registration.findMany({
    where: { eventId, userId: { in: contacts.map((c) => c.userId) }, status: { not: "CANCELLED" } },
    select: { userId: true, status: true },
  });
  const byUser = new Map(registered.map((r) => [r.userId, r.status]));
  return {
    organisationName: membership.organisationName,
    contacts: contacts.map((c) => ({ userId: c.userId, name: c.name, status: byUser.get(c.userId) ?? null })),
  };
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
 * "Add to Google / Outlook" for each session, with the discreet calendar title and the private page as the link, as in
 * the mailed file (no online link: the URL is visible).
 */
function calendarLinks(event: EventWithSessions, token: string) {
  const calendar = { ...calendarInput(event), onlineUrl: null };
  return calendar.sessions.map((s) => ({ google: googleCalendarUrl(calendar, s, privateUrl(token)), outlook: outlookCalendarUrl(calendar, s, privateUrl(token)) }));
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
  return personalCalendar(calendarInput(r.event), CALENDAR_METHOD.REQUEST, { email: r.email, name: r.name }, now, { sequence, url: privateUrl(token), partstat: "ACCEPTED" }).content;
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

async function endRegistration(tx: Db, event: EventWithSessions, registration: Registration, reason: "self" | "staff" | "offer-expired", now: Date) {
  const hadCalendar = registration.status === "REGISTERED";
  const updated = await tx.registration.update({ where: { id: registration.id }, data: { status: "CANCELLED", cancelledAt: now } });
  await tx.waitlistOffer.updateMany({ where: { registrationId: registration.id, status: "OPEN" }, data: { status: "WITHDRAWN", answeredAt: now } });
  await mailEnded(tx, event, updated, reason, hadCalendar, now);
  await fillFromWaitlist(tx, event.id, now);
  await recountEvent(tx, event.id);
}

// ─── The waitlist ────────────────────────────────────────────────────────────────────────────────────────────────

const NIGHT_FROM = 22;
const NIGHT_UNTIL = 8;
/** A night-time close moves an offer's end back to the evening before only if the person still gets this much. */
const MIN_EVENING_MS = 3600_000;

/** The start (22:00 Copenhagen) of the night an instant falls in, or null when it falls in the day (08:00–22:00). */
function nightStartOf(at: Date): DateTime | null {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (local.hour >= NIGHT_UNTIL && local.hour < NIGHT_FROM) return null;
  const evening = local.hour >= NIGHT_FROM ? local : local.minus({ days: 1 });
  return evening.set({ hour: NIGHT_FROM, minute: 0, second: 0, millisecond: 0 });
}

/**
 * When a waitlist offer made at `now` ends (docs/decisions/0015-waitlist-offers.md): OFFER_HOURS later, but the night
 * (22:00–08:00 Copenhagen time) does not count — a deadline that would fall in it runs on from 08:00 by the part that
 * fell after 22:00 (23:30 → 09:30 the next morning). Wall-clock times through luxon, so a summer-time change keeps
 * 22:00 and 08:00 where they are. Never after sign-up closes; a close at night ends the offer at 22:00 the evening
 * before, unless that leaves under an hour (then at the close itself).
 */
export function offerDeadline(now: Date, closes: Date | null): Date {
  let deadline = new Date(now.getTime() + OFFER_HOURS * 3600_000);
  const night = nightStartOf(deadline);
  if (night) {
    const morning = night.plus({ days: 1 }).set({ hour: NIGHT_UNTIL });
    deadline = new Date(morning.toMillis() + (deadline.getTime() - night.toMillis()));
  }
  if (closes && deadline > closes) {
    const evening = nightStartOf(closes);
    deadline = evening && evening.toMillis() - now.getTime() >= MIN_EVENING_MS ? evening.toJSDate() : closes;
  }
  return deadline;
}

/** "tirsdag den 15. december 2026 kl. 08.00" */
export function offerDeadlineText(locale: Locale, deadline: Date): string {
  return translate(locale, "events.mailOfferDeadline", { date: formatDate(locale, deadline, "weekday"), time: formatDate(locale, deadline, "time") });
}

/**
 * Offers free places to the waitlist, first come first served, skipping a group that does not fit. While an offer
 * is open its persons hold the place, so no place is offered twice at once. Ends at offerDeadline.
 */
export async function fillFromWaitlist(tx: Db, eventId: string, now = new Date()): Promise<number> {
  const event = await loadEvent(tx, eventId);
  if (!event || event.status !== "PUBLISHED") return 0;
  const closes = registrationClosesAt(event);
  if (closes && closes <= now) return 0;
  const fill = await countFill(tx, eventId);
  let free = freePlaces(event.capacity, fill);
  if (free <= 0) return 0;
  const waiting = await tx.registration.findMany({
    where: { eventId, status: "WAITLISTED", offers: { none: { status: "OPEN" } } },
    orderBy: [{ waitlistedAt: "asc" }, { createdAt: "asc" }],
  });
  const expiresAt = offerDeadline(now, closes);
  let offered = 0;
  for (const registration of waiting) {
    if (free <= 0) break;
    if (registration.groupSize > free) continue;
    const token = randomToken();
    const offer = await tx.waitlistOffer.create({ data: { eventId, registrationId: registration.id, tokenHash: hashToken(token), expiresAt } });
    free -= registration.groupSize;
    offered++;
    if (registration.email) {
      const locale = localeOf(registration.locale);
      const mail = renderEmail(registrationOfferEmail, locale, {
        ...details(event, registration, false),
        deadline: offerDeadlineText(locale, expiresAt),
        url: offerUrl(token),
      });
      await queueEmail(tx, { kind: "registration-offer", dedupeKey: `registration-offer:${offer.id}`, to: registration.email, toName: registration.name, ...mail });
    }
  }
  if (offered) await recountEvent(tx, eventId);
  return offered;
}

async function findOffer(tx: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return tx.waitlistOffer.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { registration: true, event: { include: { sessions: { orderBy: { position: "asc" } } } } },
  });
}

export async function getOffer(token: string, now = new Date()) {
  const offer = await findOffer(db, token);
  if (!offer) return null;
  const open = offer.status === "OPEN" && offer.expiresAt > now;
  return {
    status: open ? ("OPEN" as const) : offer.status === "OPEN" ? ("EXPIRED" as const) : offer.status,
    expiresAt: offer.expiresAt,
    name: offer.registration.name,
    groupSize: offer.registration.groupSize,
    event: { id: offer.event.id, title: offer.event.title, sessions: offer.event.sessions.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt })) },
  };
}

export async function acceptOffer(token: string, now = new Date()): Promise<{ ok: true; token: string } | { ok: false; error: "not-found" | "expired" | "answered" }> {
  return db.$transaction(async (tx) => {
    const offer = await findOffer(tx, token);
    if (!offer) return { ok: false, error: "not-found" } as const;
    if (offer.status !== "OPEN") return { ok: false, error: offer.status === "EXPIRED" ? "expired" : "answered" } as const;
    if (offer.expiresAt <= now || offer.event.status !== "PUBLISHED") return { ok: false, error: "expired" } as const;
    await tx.waitlistOffer.update({ where: { id: offer.id }, data: { status: "ACCEPTED", answeredAt: now } });
    const registration = await tx.registration.update({
      where: { id: offer.registrationId },
      data: { status: "REGISTERED", registeredAt: now, waitlistedAt: null },
    });
    const privateToken = await issueRegistrationLink(tx, registration.id);
    await mailConfirmation(tx, offer.event, registration, privateToken, `registration-confirmation:${registration.id}:offer:${offer.id}`, now);
    await recountEvent(tx, offer.eventId);
    return { ok: true, token: privateToken } as const;
  }, TX_OPTIONS);
}

/** Declining an offer leaves the waitlist; the place passes on to the next. */
export async function declineOffer(token: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const offer = await findOffer(tx, token);
    if (!offer || offer.status !== "OPEN" || offer.expiresAt <= now) return false;
    await tx.waitlistOffer.update({ where: { id: offer.id }, data: { status: "DECLINED", answeredAt: now } });
    await tx.registration.update({ where: { id: offer.registrationId }, data: { status: "CANCELLED", cancelledAt: now } });
    await fillFromWaitlist(tx, offer.eventId, now);
    await recountEvent(tx, offer.eventId);
    return true;
  }, TX_OPTIONS);
}

/** Scheduled: offers that ran out pass to the next (the person is told, and leaves the waitlist). */
export async function expireOffers(now = new Date()) {
  const due = await db.waitlistOffer.findMany({ where: { status: "OPEN", expiresAt: { lte: now } }, select: { id: true }, take: 500 });
  let expired = 0;
  for (const { id } of due) {
    await db.$transaction(async (tx) => {
      const offer = await tx.waitlistOffer.findUnique({ where: { id }, include: { registration: true, event: { include: { sessions: true } } } });
      if (!offer || offer.status !== "OPEN" || offer.expiresAt > now) return;
      await tx.waitlistOffer.update({ where: { id }, data: { status: "EXPIRED" } });
      expired++;
      if (offer.registration.status === "WAITLISTED") {
        const registration = await tx.registration.update({ where: { id: offer.registrationId }, data: { status: "CANCELLED", cancelledAt: now } });
        await mailEnded(tx, offer.event, registration, "offer-expired", false, now);
      }
      await fillFromWaitlist(tx, offer.eventId, now);
      await recountEvent(tx, offer.eventId);
    }, TX_OPTIONS);
  }
  return expired;
}

/** Scheduled: registrations (names, answers, tokens, attendance) go 90 days after the event's last day. */
export async function deleteOldRegistrations(now = new Date()) {
  const cutoff = new Date(now.getTime() - DELETE_AFTER_DAYS * 86_400_000);
  const events = await db.event.findMany({ where: { lastEndsAt: { lt: cutoff }, registrations: { some: {} } }, select: { id: true }, take: 200 });
  if (events.length === 0) return 0;
  const ids = events.map((e) => e.id);
  return db.$transaction(async (tx) => {
    await tallyRegistrations(tx, ids); // the yearly status keeps the counts, numbers only
    const { count } = await tx.registration.deleteMany({ where: { eventId: { in: ids } } });
    // what staff wrote to these people goes with them (app/models/participant-messages.server.ts)
    await tx.participantMessage.deleteMany({ where: { eventId: { in: ids } } });
    return count;
  });
}

// ─── Changes and cancellations reach calendars ───────────────────────────────────────────────────────────────────

/**
 * Other areas (invitations) add a hook here so changes and cancellations also reach the people they invited. A hook
 * gets the addresses already mailed and must skip them; it returns how many it mailed.
 */
/**
 * One update to each registered person: what changed (old → new), METHOD:REQUEST, the same UIDs, a SEQUENCE above
 * the last file they got, the person as ATTENDEE. The addresses mailed (app/models/event-changes.server.ts).
 */
export async function mailRegistrantsAboutChange(tx: Db, event: EventWithSessions, now: Date, changes: EventChanges = NO_CHANGES): Promise<Set<string>> {
  const registrations = await tx.registration.findMany({ where: { eventId: event.id, status: "REGISTERED" } });
  const sent = await sentCalendarSequences(tx, event.id);
  const mailed = new Set<string>();
  for (const r of registrations) {
    if (!r.email || mailed.has(r.email)) continue;
    mailed.add(r.email);
    const token = await issueRegistrationLink(tx, r.id);
    const locale = localeOf(r.locale);
    const mail = renderEmail(eventChangedEmail, locale, { ...details(event, r, true), changes: changeLines(locale, changes, true), url: privateUrl(token) });
    await queueEmail(tx, {
      kind: "event-changed",
      dedupeKey: `event-changed:${event.id}:${event.sequence}:${r.id}`,
      to: r.email,
      toName: r.name,
      ...mail,
      calendar: await registrationCalendar(tx, event, r, CALENDAR_METHOD.REQUEST, now, privateUrl(token), sent),
    });
  }
  return mailed;
}

/** Each registered person gets METHOD:CANCEL (MIME part and file); people on the waitlist get the news without a file. The addresses mailed. */
export async function mailRegistrantsAboutCancellation(tx: Db, event: EventWithSessions, now: Date): Promise<Set<string>> {
  await tx.waitlistOffer.updateMany({ where: { eventId: event.id, status: "OPEN" }, data: { status: "WITHDRAWN", answeredAt: now } });
  const registrations = await tx.registration.findMany({ where: { eventId: event.id, status: { in: ["REGISTERED", "WAITLISTED"] } } });
  const sent = await sentCalendarSequences(tx, event.id);
  const mailed = new Set<string>();
  for (const r of registrations) {
    if (!r.email || mailed.has(r.email)) continue;
    mailed.add(r.email);
    const hadCalendar = r.status === "REGISTERED";
    const mail = renderEmail(eventCancelledEmail, localeOf(r.locale), { ...details(event, r, false), message: event.cancelMessage, hadCalendar });
    await queueEmail(tx, {
      kind: "event-cancelled",
      dedupeKey: `event-cancelled:${event.id}:${r.id}`,
      to: r.email,
      toName: r.name,
      ...mail,
      calendar: hadCalendar ? await registrationCalendar(tx, event, r, CALENDAR_METHOD.CANCEL, now, null, sent) : undefined,
    });
  }
  await recountEvent(tx, event.id);
  return mailed;
}

// ─── Staff on the day ────────────────────────────────────────────────────────────────────────────────────────────

export async function addParticipantByHand(
  actorId: string,
  eventId: string,
  input: { name: string; email: string; phone: string | null; locale: Locale; companions: string[] },
  now = new Date(),
) {
  return registerForEvent({ eventId, source: "STAFF", actorId, ...input }, now);
}

/** Staff move someone onto the list (over capacity if they decide so) or back to the waitlist. */
export async function moveRegistration(actorId: string, registrationId: string, to: "REGISTERED" | "WAITLISTED", now = new Date()) {
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

export async function staffCancelRegistration(actorId: string, registrationId: string, now = new Date()) {
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

export async function setAttendance(actorId: string, eventId: string, sessionId: string, present: Set<string>) {
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
export async function planBulkAction(eventId: string, ids: string[], action: BulkAction) {
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
export async function applyBulkAction(actorId: string, eventId: string, ids: string[], action: BulkAction, now = new Date()) {
  const plan = await planBulkAction(eventId, ids, action);
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
      const ok = action === "cancel" ? await staffCancelRegistration(actorId, registrationId, now) : await moveRegistration(actorId, registrationId, action === "to-list" ? "REGISTERED" : "WAITLISTED", now);
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

/**
 * Danish Excel opens this as it is: semicolons, UTF-8 with BOM, and no cell that Excel would run as a formula. Every
 * line of a cell is neutralised, not only its first: a comment's second line is a cell of its own to any reader that
 * splits on line breaks (and to Excel, if the quoting is ever lost).
 */
export function neutraliseCell(value: string): string {
  return value.replace(/(?<=^|[\r\n])(?=[=+\-@\t\r])/g, "'");
}

/** "2026-12-16 17:00" in Copenhagen time: Excel (Danish or English) reads it as a date and time it can sort. */
export function csvDateTime(at: Date): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm");
}

/** The export is personal data leaving the portal: it is audited. */
export async function participantsCsv(eventId: string, locale: Locale, actorId: string | null) {
  const event = await db.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
  if (!event) return null;
  await audit(db, { actorId, action: "event.export", entityType: "Event", entityId: eventId });
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const questions = questionsOf(event);
  const rows = await getParticipants(eventId);
  const header = [
    t("events.csvStatus"),
    t("events.csvName"),
    t("events.csvPeople"),
    t("events.csvEmail"),
    t("events.csvPhone"),
    t("events.csvGroupSize"),
    t("events.csvOrganisation"),
    ...questions.map((q) => t(`events.question.${q}`)),
    t("events.csvCreated"),
    ...event.sessions.map((s) => `${t("events.csvPresent")} ${formatDate(locale, s.startsAt, "date")}`),
  ];
  const body = rows.map((r) => [
    t(`events.registrationStatus.${r.status}`),
    r.name,
    r.people.join(", "),
    r.email,
    r.phone ?? "",
    String(r.groupSize),
    r.organisationName ?? "",
    ...questions.map((q) => answerText(locale, q, r.answers[q])),
    csvDateTime(r.createdAt),
    ...event.sessions.map((s) => (r.present[s.id] === undefined ? "" : r.present[s.id] ? t("events.yes") : t("events.no"))),
  ]);
  const csv = stringify([header, ...body].map((row) => row.map((cell) => neutraliseCell(cell))), {
    delimiter: ";",
    record_delimiter: "\r\n",
    // RFC 4180: a field with a line break is quoted; csv-stringify quotes only the record delimiter itself (CRLF)
    quoted_match: /[\r\n]/,
  });
  return { filename: `deltagere-${event.slug}.csv`, content: `\uFEFF${csv}` };
}

/** The waitlist's scheduled work: an offer that ran out passes to the next. */
export const waitlistTasks: ScheduledTask[] = [{ name: "expire-waitlist-offers", everyMs: 60_000, run: (now) => expireOffers(now) }];
