import type { OrganisationState, Role } from "~/generated/prisma/client";
import { randomShortId, sealSecret } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";
import type { EventInput } from "~/models/event-form";
import type { RegistrationInput } from "~/models/registrations.server";
import { TEST_TOTP_SECRET } from "./totp";

export { TEST_TOTP_SECRET };

let n = 0;
const next = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export const DEFAULT_PASSWORD = "korrekt hest batteri hæfteklamme";

let passwordHash: Promise<string> | undefined;

/**
 * A user with overrides; the default password is DEFAULT_PASSWORD (hashed once per file, for speed). Staff and admins
 * come with an authenticator app set up on TEST_TOTP_SECRET (test/support/totp.ts), as the portal requires of them;
 * `secondFactor: false` makes one without (held at /account/security), `secondFactor: true` gives a member one.
 */
export async function createUser(
  overrides: { role?: Role; email?: string; name?: string; password?: string; locale?: string; disabledAt?: Date | null; secondFactor?: boolean } = {},
) {
  const id = next();
  passwordHash ??= hashPassword(DEFAULT_PASSWORD);
  const role = overrides.role ?? "STAFF";
  const enrolled = overrides.secondFactor ?? role !== "MEMBER";
  return db.user.create({
    data: {
      email: (overrides.email ?? `user-${id}@example.dk`).toLowerCase(),
      name: overrides.name ?? `Test Bruger ${id}`,
      role,
      passwordHash: overrides.password ? await hashPassword(overrides.password) : await passwordHash,
      emailVerifiedAt: new Date(),
      locale: overrides.locale ?? "da",
      disabledAt: overrides.disabledAt ?? null,
      totpFactor: enrolled ? { create: { secretSealed: sealSecret("totp", TEST_TOTP_SECRET), confirmedAt: new Date() } } : undefined,
    },
  });
}

// ---- Medborgerforum ----

type OrgState = OrganisationState;

/** A charter version; by default the next number, published now, deadline in 60 days. */
export async function createCharterVersion(overrides: { number?: number; publishedAt?: Date; signDeadline?: Date | null; textDa?: string; textEn?: string } = {}) {
  const last = await db.charterVersion.findFirst({ orderBy: { number: "desc" }, select: { number: true } });
  const number = overrides.number ?? (last?.number ?? 0) + 1;
  const publishedAt = overrides.publishedAt ?? new Date();
  return db.charterVersion.create({
    data: {
      number,
      titleDa: `Charter for demokratiske værdier, version ${number}`,
      titleEn: `Charter for democratic values, version ${number}`,
      textDa: overrides.textDa ?? "Vi står for ytringsfrihed, ligeværd og et fællesskab uden vold.",
      textEn: overrides.textEn ?? "We stand for freedom of expression, equal worth and a community without violence.",
      publishedAt,
      signDeadline: overrides.signDeadline === undefined ? new Date(publishedAt.getTime() + 60 * 24 * 3600_000) : overrides.signDeadline,
    },
  });
}

/**
 * An organisation with one contact person (a MEMBER user with DEFAULT_PASSWORD), in the given state (default
 * APPROVED), having signed the current charter version (made if there is none) unless `signed: false`.
 */
export async function createOrganisation(
  overrides: { state?: OrgState; name?: string; cvr?: string | null; email?: string; contactName?: string; locale?: string; signed?: boolean; publicListing?: boolean; districts?: string[]; createdAt?: Date } = {},
) {
  const id = next();
  const user = await createUser({ role: "MEMBER", email: overrides.email, name: overrides.contactName ?? `Kontakt ${id}`, locale: overrides.locale });
  if (overrides.state === "UNCONFIRMED") await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: null } });
  const organisation = await db.organisation.create({
    data: {
      name: overrides.name ?? `Forening ${id}`,
      cvr: overrides.cvr ?? null,
      street: "Nørrebrogade 1",
      postcode: "2200",
      city: "København N",
      website: "https://forening.example.dk",
      districts: (overrides.districts ?? ["norrebro"]).join(","),
      description: "Lektiehjælp og fritidsaktiviteter for unge.",
      state: overrides.state ?? "APPROVED",
      publicListing: overrides.publicListing ?? false,
      createdAt: overrides.createdAt ?? new Date(),
      confirmedAt: overrides.state === "UNCONFIRMED" ? null : new Date(),
      approvedAt: ["APPROVED", "SUSPENDED", "LAPSED", "LEFT"].includes(overrides.state ?? "APPROVED") ? new Date() : null,
    },
  });
  await db.organisationContact.create({ data: { organisationId: organisation.id, userId: user.id, title: "Formand", phone: "12345678" } });
  if (overrides.signed !== false) {
    const version = (await db.charterVersion.findFirst({ orderBy: { number: "desc" } })) ?? (await createCharterVersion());
    await db.charterSignature.create({
      data: { organisationId: organisation.id, charterVersionId: version.id, textSha256: "0".repeat(64), locale: "da", signerName: user.name, signerTitle: "Formand", userId: user.id },
    });
  }
  return { user, organisation };
}

/** A contact person of an approved organisation that has signed the current charter: an active forum member. */
export async function createActiveMember(overrides: { email?: string; name?: string; organisationName?: string; locale?: string } = {}) {
  const { user, organisation } = await createOrganisation({ state: "APPROVED", email: overrides.email, contactName: overrides.name, name: overrides.organisationName, locale: overrides.locale });
  // the user's own fields too, so callers that want a user (id, email) can use the result directly
  return { ...user, user, organisation };
}

/**
 * An event with overrides; published by default, with `sessions` (default one, a week from now, 17–19). Sessions are
 * given as [start, end] pairs. `capacity: null` means no limit.
 */
export async function createEvent(
  overrides: Partial<Omit<EventInput, "sessions">> & {
    sessions?: [Date, Date][];
    status?: "DRAFT" | "PUBLISHED" | "CANCELLED";
    now?: Date;
  } = {},
) {
  const events = await import("~/models/events.server");
  const now = overrides.now ?? new Date();
  const start = new Date(now.getTime() + 7 * 86_400_000);
  const sessions = overrides.sessions ?? [[start, new Date(start.getTime() + 2 * 3600_000)]];
  const event = await events.createEvent(null, {
    kind: "COURSE_PARENTS",
    title: `Kursus for forældre ${next()}`,
    summary: "Fire aftener for forældre, der er bekymrede for et ungt menneske.",
    description: "Vi taler om tegn, samtaler og hvor man kan få hjælp.",
    track: 1,
    audience: "RELATIVES",
    visibility: "PUBLIC",
    placeAddress: "Rådhuspladsen 1, 1550 København V",
    placeRoom: "Mødelokale 3",
    languages: ["da"],
    capacity: 10,
    waitlistEnabled: true,
    questions: ["relation", "interpreter", "comment"],
    ...overrides,
    sessions: sessions.map(([startsAt, endsAt]) => ({ startsAt, endsAt })),
  });
  if ((overrides.status ?? "PUBLISHED") !== "DRAFT") await events.publishEvent({ actorId: null, eventId: event.id }, now);
  if (overrides.status === "CANCELLED") await events.cancelEvent({ actorId: null, eventId: event.id, message: "" }, now);
  return (await events.getEventForStaff(event.id))!;
}

/** A relative's sign-up through the model (no rate limit), returning the result with its private token. */
export async function createRegistration(
  eventId: string,
  overrides: Partial<RegistrationInput> & { now?: Date } = {},
) {
  const { registerForEvent } = await import("~/models/registrations.server");
  const id = next();
  const result = await registerForEvent(
    { eventId, source: "PUBLIC", name: `Pårørende ${id}`, email: `relative-${id}@example.dk`, locale: "da", ...overrides },
    overrides.now ?? new Date(),
  );
  if (!result.ok) throw new Error(`createRegistration failed: ${result.error}`);
  return result;
}

/**
 * Bulk data for benchmarks: `events` published public events (1–4 sessions over the coming year) and `registrations`
 * spread over them, written in bulk (no mail), with the fill counts set as the model keeps them.
 */
export async function createManyEvents(events: number, registrations: number, now = new Date()) {
  const ids: string[] = [];
  for (let i = 0; i < events; i++) {
    const start = new Date(now.getTime() + (1 + (i % 360)) * 86_400_000 + 16 * 3600_000);
    const sessions = Array.from({ length: 1 + (i % 4) }, (_, s) => ({
      position: s,
      startsAt: new Date(start.getTime() + s * 7 * 86_400_000),
      endsAt: new Date(start.getTime() + s * 7 * 86_400_000 + 2 * 3600_000),
    }));
    const event = await db.event.create({
      data: {
        slug: `bench-${next()}-${i}`,
        shortId: randomShortId(),
        kind: (["COURSE_PARENTS", "THEME_DAY", "TALK", "NETWORK_MEETING", "OPEN_HEARING"] as const)[i % 5]!,
        title: `Arrangement nummer ${i + 1}`,
        summary: "Et arrangement til belastningstest.",
        description: "",
        track: 1 + (i % 3),
        audience: (["EVERYONE", "RELATIVES", "FRONTLINE"] as const)[i % 3]!,
        visibility: "PUBLIC",
        status: "PUBLISHED",
        placeAddress: "Rådhuspladsen 1, 1550 København V",
        capacity: 30,
        publishedAt: now,
        firstStartsAt: sessions[0]!.startsAt,
        lastEndsAt: sessions.at(-1)!.endsAt,
        sessions: { create: sessions },
      },
      select: { id: true },
    });
    ids.push(event.id);
  }
  const perEvent = new Map<string, { registered: number; waiting: number }>();
  const rows = Array.from({ length: registrations }, (_, r) => {
    const eventId = ids[r % ids.length]!;
    const fill = perEvent.get(eventId) ?? { registered: 0, waiting: 0 };
    const status = fill.registered < 30 ? ("REGISTERED" as const) : ("WAITLISTED" as const);
    if (status === "REGISTERED") fill.registered++;
    else fill.waiting++;
    perEvent.set(eventId, fill);
    return { eventId, status, name: `Deltager ${r}`, email: `bench-${r}@example.dk`, groupSize: 1, registeredAt: now, waitlistedAt: status === "WAITLISTED" ? now : null };
  });
  for (let i = 0; i < rows.length; i += 500) await db.registration.createMany({ data: rows.slice(i, i + 500) });
  for (const [id, fill] of perEvent) await db.event.update({ where: { id }, data: { registeredPersons: fill.registered, waitingCount: fill.waiting } });
  return ids;
}

/**
 * Bulk evaluations for benchmarks and the yearly status: a questionnaire of three statements (start and end) on each
 * event, and `answers` anonymous answers spread over them and both waves, written in bulk (ids random, as the model's).
 */
export async function createManyEvaluationAnswers(eventIds: string[], answers: number) {
  const { randomBytes } = await import("node:crypto");
  const statements: { id: string; qid: string }[][] = [];
  for (const eventId of eventIds) {
    const q = await db.questionnaire.create({
      data: {
        eventId,
        startCode: randomShortId().slice(0, 6).toUpperCase(),
        endCode: randomShortId().slice(0, 6).toUpperCase(),
        statements: { create: ["Jeg ved, hvor jeg kan få hjælp", "Jeg kan tale med mit barn", "Jeg føler mig mindre alene"].map((text, position) => ({ text, position })) },
      },
      select: { id: true, statements: { select: { id: true } } },
    });
    statements.push(q.statements.map((s) => ({ id: s.id, qid: q.id })));
  }
  const rows = Array.from({ length: answers }, (_, i) => {
    const of = statements[i % statements.length]!;
    const wave = (Math.floor(i / statements.length) % 2 === 0 ? "START" : "END") as "START" | "END";
    const id = randomBytes(16).toString("hex");
    return { answer: { id, questionnaireId: of[0]!.qid, wave }, scores: of.map((s, k) => ({ answerId: id, statementId: s.id, wave, value: 1 + ((i + k) % 5) })) };
  });
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.evaluationAnswer.createMany({ data: chunk.map((r) => r.answer) });
    await db.evaluationScore.createMany({ data: chunk.flatMap((r) => r.scores) });
  }
}
