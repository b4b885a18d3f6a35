import type { ScheduledTask } from "~/lib/scheduled.server";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { evaluationInviteEmail } from "#emails/evaluation-invite";
import { renderEmail } from "#emails/render";
import type { EvaluationWave } from "~/generated/prisma/client";
import { Prisma } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { hashToken, keyedHash, randomShortId } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { localeOf } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { eventMailDetails } from "./registration-mail.server";

/**
 * Evaluations (issue 10, item 5; docs/decisions/0026-evaluations.md): a questionnaire on an event, answered at the
 * start and/or the end, by a registered participant's personal link or by a short code typed at /evaluation. An answer
 * is stored apart from identity: the registration keeps only a receipt ("answered the start"), the answer keeps no
 * registration, no time and a random id, and results are shown only from MIN_SHOWN answers.
 */

export const WAVES = ["START", "END"] as const satisfies readonly EvaluationWave[];
export type Wave = (typeof WAVES)[number];
export const SCALE = [1, 2, 3, 4, 5] as const;
/** Below this many answers no figure, distribution or comment of a wave is shown (issue 10: "< 5"). */
export const MIN_SHOWN = 5;
/** The end wave stays open this long after the last session ends. */
export const END_OPEN_DAYS = 14;
export const MAX_STATEMENTS = 12;

// ─── Staff: the questionnaire ────────────────────────────────────────────────────────────────────────────────────

// eslint-disable-next-line no-control-regex -- removing control characters (line breaks kept) is the point
const controlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;
const clean = (v: string) => v.replace(controlChars, "").trim();

export const questionnaireFormSchema = z
  .object({
    statements: z
      .string({ required_error: "evaluations.errorStatements" })
      .transform((v) => v.replace(/\r\n?/g, "\n").split("\n").map(clean).filter(Boolean))
      .pipe(
        z
          .array(z.string().max(300, "evaluations.errorStatementLong"))
          .min(1, "evaluations.errorStatements")
          .max(MAX_STATEMENTS, "evaluations.errorStatementsMany"),
      ),
    waves: z
      .union([z.enum(WAVES), z.array(z.enum(WAVES))], { required_error: "evaluations.errorWaves", invalid_type_error: "evaluations.errorWaves" })
      .transform((v) => (Array.isArray(v) ? v : [v])),
    freeTextQuestion: z
      .string()
      .max(300, "evaluations.errorStatementLong")
      .optional()
      .transform((v) => (v ? clean(v) : "") || null),
  })
  .refine((v) => v.waves.length > 0, { path: ["waves"], message: "evaluations.errorWaves" });

export type QuestionnaireInput = z.infer<typeof questionnaireFormSchema>;

/** A code no other questionnaire has (the unique index decides; a clash is one in ~10^14 and is simply retried). */
function newCode() {
  return randomShortId().slice(0, 6).toUpperCase();
}

/**
 * Attaches or changes an event's questionnaire. Once an answer is in, the statements and waves stay as they are (the
 * answers were given to them); only the free-text question's wording may then change.
 */
export async function saveQuestionnaire({ actorId, eventId, input }: { actorId: string; eventId: string; input: QuestionnaireInput }) {
  return db.$transaction(async (tx) => {
    const event = await tx.event.findUnique({ where: { id: eventId }, select: { id: true } });
    if (!event) return { ok: false as const, error: "not-found" as const };
    const existing = await tx.questionnaire.findUnique({ where: { eventId }, include: { statements: { orderBy: { position: "asc" } }, _count: { select: { answers: true } } } });
    const askStart = input.waves.includes("START");
    const askEnd = input.waves.includes("END");
    if (existing && existing._count.answers > 0) {
      const same =
        existing.askStart === askStart &&
        existing.askEnd === askEnd &&
        existing.statements.length === input.statements.length &&
        existing.statements.every((s, i) => s.text === input.statements[i]);
      if (!same) return { ok: false as const, error: "locked" as const };
      await tx.questionnaire.update({ where: { id: existing.id }, data: { freeTextQuestion: input.freeTextQuestion } });
    } else if (existing) {
      await tx.evaluationStatement.deleteMany({ where: { questionnaireId: existing.id } });
      await tx.questionnaire.update({
        where: { id: existing.id },
        data: { askStart, askEnd, freeTextQuestion: input.freeTextQuestion, statements: { create: input.statements.map((text, position) => ({ text, position })) } },
      });
    } else {
      await tx.questionnaire.create({
        data: {
          eventId,
          askStart,
          askEnd,
          freeTextQuestion: input.freeTextQuestion,
          startCode: newCode(),
          endCode: newCode(),
          statements: { create: input.statements.map((text, position) => ({ text, position })) },
        },
      });
    }
    await audit(tx, {
      actorId,
      action: existing ? "evaluation.update" : "evaluation.create",
      entityType: "Event",
      entityId: eventId,
      details: { statements: input.statements.length, askStart, askEnd, freeText: Boolean(input.freeTextQuestion) },
    });
    return { ok: true as const };
  });
}

// ─── When a wave is open ─────────────────────────────────────────────────────────────────────────────────────────

type EventTimes = { status: string; sessions: { startsAt: Date; endsAt: Date }[] };
type Asked = { askStart: boolean; askEnd: boolean };

/**
 * The start wave is open until the first session ends (a baseline, before the course has done its work); the end
 * wave from the start of the last session until END_OPEN_DAYS after it ends. A one-session event has both during it.
 */
export function openWaves(q: Asked, event: EventTimes, now: Date): Wave[] {
  const sessions = [...event.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const first = sessions[0];
  const last = sessions.at(-1);
  if (event.status !== "PUBLISHED" || !first || !last) return [];
  const waves: Wave[] = [];
  if (q.askStart && now < first.endsAt) waves.push("START");
  if (q.askEnd && now >= last.startsAt && now.getTime() < last.endsAt.getTime() + END_OPEN_DAYS * 86_400_000) waves.push("END");
  return waves;
}

const withSessions = { event: { select: { id: true, title: true, status: true, sessions: { select: { startsAt: true, endsAt: true } } } } } as const;

// ─── The personal link ───────────────────────────────────────────────────────────────────────────────────────────

/** The token of a registration's link: a keyed hash of its id, so every mail and the private page carry the same link. */
function linkToken(registrationId: string) {
  return keyedHash("evaluation-link", registrationId);
}

export const evaluationPath = (token: string) => `/evaluations/${token}`;

/** Makes sure the link's hash is stored and gives the link's path (the caller adds APP_URL for mail). */
export async function issueEvaluationLink(tx: Db, registrationId: string) {
  const token = linkToken(registrationId);
  const tokenHash = hashToken(token);
  await tx.evaluationLink.upsert({ where: { tokenHash }, create: { registrationId, tokenHash }, update: {} });
  return evaluationPath(token);
}

/**
 * For the confirmation mail: the full link when the event has a questionnaire whose start wave is open and the person
 * has a place; else null (the end wave gets its own mail after the last session).
 */
export async function evaluationUrlForConfirmation(tx: Db, registration: { id: string; eventId: string; status: string }, now = new Date()) {
  if (registration.status !== "REGISTERED") return null;
  const q = await tx.questionnaire.findUnique({ where: { eventId: registration.eventId }, include: withSessions });
  if (!q || !openWaves(q, q.event, now).includes("START")) return null;
  return `${env().APP_URL}${await issueEvaluationLink(tx, registration.id)}`;
}

/** For the private registration page: the link and whether something is left to answer now; null when nothing is asked now. */
export async function evaluationForRegistration(registrationId: string, now = new Date()) {
  const r = await db.registration.findUnique({ where: { id: registrationId }, select: { id: true, status: true, eventId: true, evaluationReceipts: { select: { wave: true } } } });
  if (!r || r.status !== "REGISTERED") return null;
  const q = await db.questionnaire.findUnique({ where: { eventId: r.eventId }, include: withSessions });
  if (!q) return null;
  const open = openWaves(q, q.event, now);
  if (open.length === 0) return null;
  const answered = new Set(r.evaluationReceipts.map((x) => x.wave));
  return { path: await issueEvaluationLink(db, r.id), pending: open.some((w) => !answered.has(w)) };
}

async function findByLink(token: string) {
  if (!/^[0-9a-f]{64}$/.test(token)) return null;
  const link = await db.evaluationLink.findUnique({ where: { tokenHash: hashToken(token) }, select: { registrationId: true } });
  if (!link) return null;
  return db.registration.findUnique({
    where: { id: link.registrationId },
    select: { id: true, status: true, locale: true, eventId: true, evaluationReceipts: { select: { wave: true } } },
  });
}

export type QuestionnaireView = {
  eventTitle: string;
  statements: { id: string; text: string }[];
  freeTextQuestion: string | null;
};

function view(q: { freeTextQuestion: string | null; statements: { id: string; text: string }[]; event: { title: string } }): QuestionnaireView {
  return { eventTitle: q.event.title, statements: q.statements.map((s) => ({ id: s.id, text: s.text })), freeTextQuestion: q.freeTextQuestion };
}

const questionnaireInclude = { statements: { orderBy: { position: "asc" as const }, select: { id: true, text: true } }, ...withSessions };

/**
 * What the personal link shows: the first open wave this registration has not answered ("ask"), or that everything
 * open is answered ("answered"), or that nothing is open ("closed"). null for an unknown link.
 */
export async function getEvaluationByToken(token: string, now = new Date()) {
  const r = await findByLink(token);
  if (!r) return null;
  const q = await db.questionnaire.findUnique({ where: { eventId: r.eventId }, include: questionnaireInclude });
  if (!q) return null;
  const open = r.status === "REGISTERED" ? openWaves(q, q.event, now) : [];
  const answered = new Set(r.evaluationReceipts.map((x) => x.wave));
  const wave = open.find((w) => !answered.has(w)) ?? null;
  const state = wave ? ("ask" as const) : open.length > 0 ? ("answered" as const) : ("closed" as const);
  return { state, wave, questionnaire: view(q) };
}

// ─── Answering ───────────────────────────────────────────────────────────────────────────────────────────────────

/** The answer form: `s-<statementId>` = 1–5 for each statement, `wave`, and the optional free text. */
export function answerFormSchema(statementIds: string[]) {
  return z.object({
    wave: z.enum(WAVES),
    freeText: z
      .string()
      .max(2000, "evaluations.errorFreeTextLong")
      .optional()
      .transform((v) => (v ? v.replace(/\r\n?/g, "\n").replace(controlChars, "").trim() : "") || null),
    ...Object.fromEntries(
      statementIds.map((id) => [`s-${id}`, z.enum(["1", "2", "3", "4", "5"], { required_error: "evaluations.errorChoose", invalid_type_error: "evaluations.errorChoose" })]),
    ),
  });
}

export type AnswerInput = { wave: Wave; scores: Record<string, number>; freeText: string | null };

export function answerFromForm(data: Record<string, unknown>): AnswerInput {
  const scores: Record<string, number> = {};
  for (const [key, value] of Object.entries(data)) if (key.startsWith("s-")) scores[key.slice(2)] = Number(value);
  return { wave: data.wave as Wave, scores, freeText: (data.freeText as string | null) ?? null };
}

/** 128 random bits: never a cuid or a time-based id, whose order would be the order of answers. */
function answerId() {
  return randomBytes(16).toString("hex");
}

async function writeAnswer(tx: Db, questionnaireId: string, statementIds: string[], input: AnswerInput) {
  const id = answerId();
  await tx.evaluationAnswer.create({ data: { id, questionnaireId, wave: input.wave, freeText: input.freeText } });
  await tx.evaluationScore.createMany({
    data: statementIds.map((statementId) => ({ answerId: id, statementId, wave: input.wave, value: input.scores[statementId]! })),
  });
}

function complete(statementIds: string[], input: AnswerInput) {
  return statementIds.every((id) => Number.isInteger(input.scores[id]) && input.scores[id]! >= 1 && input.scores[id]! <= 5);
}

export type SubmitResult = { ok: true } | { ok: false; error: "not-found" | "closed" | "answered" | "invalid" };

/**
 * A registered participant's answer by their link: one per wave. The receipt (primary key registration + wave) and the
 * answer are written in one transaction, so a second submit — pressed twice, two tabs, at the same moment — finds the
 * receipt or fails on its key and writes nothing.
 */
export async function submitEvaluationByToken(token: string, input: AnswerInput, now = new Date()): Promise<SubmitResult> {
  const r = await findByLink(token);
  if (!r) return { ok: false, error: "not-found" };
  const q = await db.questionnaire.findUnique({ where: { eventId: r.eventId }, include: questionnaireInclude });
  if (!q) return { ok: false, error: "not-found" };
  if (r.status !== "REGISTERED" || !openWaves(q, q.event, now).includes(input.wave)) return { ok: false, error: "closed" };
  const statementIds = q.statements.map((s) => s.id);
  if (!complete(statementIds, input)) return { ok: false, error: "invalid" };
  try {
    return await db.$transaction(async (tx): Promise<SubmitResult> => {
      // the receipt first: a concurrent second answer waits for this transaction and then fails on the key
      await tx.evaluationReceipt.create({ data: { registrationId: r.id, wave: input.wave } });
      await writeAnswer(tx, q.id, statementIds, input);
      return { ok: true };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, error: "answered" };
    throw error;
  }
}

function normaliseCode(code: string) {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

/** The questionnaire and wave a typed code opens, while that wave is open; null otherwise. */
export async function getEvaluationByCode(code: string, now = new Date()) {
  const c = normaliseCode(code);
  if (!/^[A-Z0-9]{6}$/.test(c)) return null;
  const q = await db.questionnaire.findFirst({ where: { OR: [{ startCode: c }, { endCode: c }] }, include: questionnaireInclude });
  if (!q) return null;
  const wave: Wave = q.startCode === c ? "START" : "END";
  if (!openWaves(q, q.event, now).includes(wave)) return null;
  return { code: c, wave, questionnaire: view(q) };
}

/** An anonymous answer by the code shown at a session: nobody's receipt (the code names no one); rate limited by the route. */
export async function submitEvaluationByCode(code: string, input: Omit<AnswerInput, "wave">, now = new Date()): Promise<SubmitResult> {
  const found = await getEvaluationByCode(code, now);
  if (!found) return { ok: false, error: "closed" };
  const q = await db.questionnaire.findFirst({ where: { OR: [{ startCode: found.code }, { endCode: found.code }] }, select: { id: true, statements: { select: { id: true } } } });
  if (!q) return { ok: false, error: "closed" };
  const statementIds = q.statements.map((s) => s.id);
  const answer = { ...input, wave: found.wave };
  if (!complete(statementIds, answer)) return { ok: false, error: "invalid" };
  await db.$transaction((tx) => writeAnswer(tx, q.id, statementIds, answer));
  return { ok: true };
}

/** A limit for the code form per network address: a course on one wifi answers, a guesser does not get far. */
export const codeLimit = { max: 60, windowMs: 10 * 60_000 };

// ─── The end wave's mail ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Scheduled: after an event's last session, each registered participant (not marked absent at every session, not yet
 * answered) gets their link for the end wave, once: the mail has the dedupe key `evaluation-end:<registrationId>` and
 * the questionnaire's endMailedAt is set in the same transaction, so a rerun or a second worker sends nothing twice.
 */
export async function sendEndWaveLinks(now = new Date()) {
  const due = await db.questionnaire.findMany({
    where: { askEnd: true, endMailedAt: null, event: { status: "PUBLISHED", lastEndsAt: { lte: now, gt: new Date(now.getTime() - END_OPEN_DAYS * 86_400_000) } } },
    select: { id: true, eventId: true },
  });
  let sent = 0;
  for (const { id, eventId } of due) {
    sent += await db.$transaction(
      async (tx) => {
        const claimed = await tx.questionnaire.updateMany({ where: { id, endMailedAt: null }, data: { endMailedAt: now } });
        if (claimed.count === 0) return 0;
        const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
        const people = await tx.registration.findMany({
          where: { eventId, status: "REGISTERED", email: { not: "" }, evaluationReceipts: { none: { wave: "END" } } },
          select: { id: true, email: true, name: true, locale: true, attendance: { select: { present: true } } },
        });
        let n = 0;
        for (const r of people) {
          if (r.attendance.length > 0 && r.attendance.every((a) => !a.present)) continue;
          const locale = localeOf(r.locale);
          const url = `${env().APP_URL}${await issueEvaluationLink(tx, r.id)}`;
          await queueEmail(tx, {
            kind: "evaluation-end",
            dedupeKey: `evaluation-end:${r.id}`,
            to: r.email,
            toName: r.name,
            ...renderEmail(evaluationInviteEmail, locale, { ...eventMailDetails(event, r.name, locale), url, days: END_OPEN_DAYS }),
          });
          n++;
        }
        return n;
      },
      { maxWait: 120_000, timeout: 60_000 },
    );
  }
  return sent;
}

// ─── Results ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** How many answered 1, 2, 3, 4 and 5. */
export type Distribution = [number, number, number, number, number];
export type WaveFigures = { suppressed: true } | { suppressed: false; n: number; mean: number; distribution: Distribution };
export type StatementResult = { id: string; text: string; start: WaveFigures | null; end: WaveFigures | null };
export type EvaluationSummary = {
  eventId: string;
  eventTitle: string;
  askStart: boolean;
  askEnd: boolean;
  /** number of answers per wave, or "suppressed" below MIN_SHOWN (null when the wave is not asked) */
  answers: { start: number | "suppressed" | null; end: number | "suppressed" | null };
  statements: StatementResult[];
};

function figures(counts: Distribution): WaveFigures {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n < MIN_SHOWN) return { suppressed: true };
  const mean = counts.reduce((sum, c, i) => sum + c * (i + 1), 0) / n;
  return { suppressed: false, n, mean: Math.round(mean * 100) / 100, distribution: counts };
}

const shown = (n: number) => (n < MIN_SHOWN ? ("suppressed" as const) : n);

/**
 * Per event (for the event's page and the yearly status): per statement, start and end side by side with n, mean and
 * distribution — or only "suppressed" below MIN_SHOWN. Never free text. Three queries whatever the number of events.
 */
export async function evaluationSummaryForEvents(eventIds: string[]): Promise<EvaluationSummary[]> {
  if (eventIds.length === 0) return [];
  const questionnaires = await db.questionnaire.findMany({
    where: { eventId: { in: eventIds } },
    include: { event: { select: { title: true, firstStartsAt: true } }, statements: { orderBy: { position: "asc" }, select: { id: true, text: true } } },
  });
  const statementIds = questionnaires.flatMap((q) => q.statements.map((s) => s.id));
  const [scores, answers] = await Promise.all([
    db.evaluationScore.groupBy({ by: ["statementId", "wave", "value"], where: { statementId: { in: statementIds } }, _count: { _all: true } }),
    db.evaluationAnswer.groupBy({ by: ["questionnaireId", "wave"], where: { questionnaireId: { in: questionnaires.map((q) => q.id) } }, _count: { _all: true } }),
  ]);
  const counts = new Map<string, Distribution>();
  for (const row of scores) {
    const key = `${row.statementId}:${row.wave}`;
    const c = counts.get(key) ?? ([0, 0, 0, 0, 0] as Distribution);
    if (row.value >= 1 && row.value <= 5) c[row.value - 1]! += row._count._all;
    counts.set(key, c);
  }
  const answerCount = (qid: string, wave: Wave) => answers.find((a) => a.questionnaireId === qid && a.wave === wave)?._count._all ?? 0;
  return questionnaires
    .sort((a, b) => (a.event.firstStartsAt?.getTime() ?? 0) - (b.event.firstStartsAt?.getTime() ?? 0))
    .map((q) => ({
      eventId: q.eventId,
      eventTitle: q.event.title,
      askStart: q.askStart,
      askEnd: q.askEnd,
      answers: { start: q.askStart ? shown(answerCount(q.id, "START")) : null, end: q.askEnd ? shown(answerCount(q.id, "END")) : null },
      statements: q.statements.map((s) => ({
        id: s.id,
        text: s.text,
        start: q.askStart ? figures(counts.get(`${s.id}:START`) ?? [0, 0, 0, 0, 0]) : null,
        end: q.askEnd ? figures(counts.get(`${s.id}:END`) ?? [0, 0, 0, 0, 0]) : null,
      })),
    }));
}

/** The yearly status: every event whose first session is in the year (Copenhagen), with a questionnaire. */
export async function evaluationSummaryForYear(year: number) {
  const from = copenhagenNewYear(year);
  const to = copenhagenNewYear(year + 1);
  const events = await db.questionnaire.findMany({ where: { event: { firstStartsAt: { gte: from, lt: to } } }, select: { eventId: true } });
  return evaluationSummaryForEvents(events.map((e) => e.eventId));
}

/** Midnight of 1 January in Copenhagen (UTC+1 in winter). */
function copenhagenNewYear(year: number) {
  return new Date(Date.UTC(year, 0, 1) - 3600_000);
}

// ─── Staff's page ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The event's evaluation page: the questionnaire (as the form shows it), its codes and open waves, the results, and
 * the free-text answers of a wave once it has MIN_SHOWN answers (in id order: random, not the order they came).
 */
export async function getEvaluationForStaff(eventId: string, now = new Date()) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, title: true, status: true, sessions: { orderBy: { position: "asc" }, select: { startsAt: true, endsAt: true } } } });
  if (!event) return null;
  const q = await db.questionnaire.findUnique({ where: { eventId }, include: { statements: { orderBy: { position: "asc" } }, _count: { select: { answers: true } } } });
  if (!q) return { event, questionnaire: null, summary: null, freeText: null, openWaves: [] as Wave[] };
  const [summary] = await evaluationSummaryForEvents([eventId]);
  const freeText: Record<Wave, string[] | null> = { START: null, END: null };
  for (const wave of WAVES) {
    const n = wave === "START" ? summary!.answers.start : summary!.answers.end;
    if (typeof n !== "number") continue;
    const rows = await db.evaluationAnswer.findMany({ where: { questionnaireId: q.id, wave, freeText: { not: null } }, orderBy: { id: "asc" }, select: { freeText: true } });
    freeText[wave] = rows.map((r) => r.freeText!).filter(Boolean);
  }
  return {
    event,
    questionnaire: {
      askStart: q.askStart,
      askEnd: q.askEnd,
      freeTextQuestion: q.freeTextQuestion,
      statements: q.statements.map((s) => s.text),
      startCode: q.startCode,
      endCode: q.endCode,
      locked: q._count.answers > 0,
      endMailedAt: q.endMailedAt,
    },
    summary: summary!,
    freeText,
    openWaves: openWaves(q, event, now),
  };
}

// ─── Retention ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Free-text answers may name someone: they are cleared this long after the event's last day (the scores stay). */
export const FREE_TEXT_KEEP_DAYS = 365;

/** Clears the free text of answers to events that ended FREE_TEXT_KEEP_DAYS ago or more (a retention rule). */
export async function clearOldFreeText(now = new Date()) {
  const cutoff = new Date(now.getTime() - FREE_TEXT_KEEP_DAYS * 86_400_000);
  return db.evaluationAnswer.updateMany({ where: { freeText: { not: null }, questionnaire: { event: { lastEndsAt: { lte: cutoff } } } }, data: { freeText: null } });
}

/** The end-of-course evaluation links, mailed after the last session. */
export const evaluationTasks: ScheduledTask[] = [{ name: "evaluation-end-links", everyMs: 10 * 60_000, run: (now) => sendEndWaveLinks(now) }];
