import type { ScheduledTask } from "~/lib/scheduled.server";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { evaluationInviteEmail } from "#emails/evaluation-invite";
import { renderEmail } from "#emails/render";
import { hashToken, keyedHash } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors.server";
import { localeOf } from "~/lib/i18n";
import { queueEmail } from "~/lib/outbox.server";
import { paths } from "~/lib/urls";
import { urls } from "~/lib/urls.server";
import { controlChars, END_OPEN_DAYS, openWaves, WAVES, withSessions, type Wave } from "./evaluation-waves";
import { eventMailDetails } from "./registration-mail.server";

/**
 * Answering an evaluation (docs/decisions/0026-evaluations.md): a registered participant's personal link, the short
 * code typed at /evaluation, the answer itself, and the end wave's mail with its link. An answer is stored apart from
 * identity: the registration keeps only a receipt ("answered the start"), the answer keeps no registration, no time
 * and a random id.
 */

// ─── The personal link ───────────────────────────────────────────────────────────────────────────────────────────

/** The token of a registration's link: a keyed hash of its id, so every mail and the private page carry the same link. */
function linkToken(registrationId: string) {
  return keyedHash("evaluation-link", registrationId);
}

/** Makes sure the link's hash is stored and gives the link's token (`paths.evaluation` / `urls.evaluation` make the address). */
async function storeEvaluationLink(tx: Db, registrationId: string) {
  const token = linkToken(registrationId);
  const tokenHash = hashToken(token);
  await tx.evaluationLink.upsert({ where: { tokenHash }, create: { registrationId, tokenHash }, update: {} });
  return token;
}

/** Makes sure the link's hash is stored and gives the link's path, for a page. */
export async function issueEvaluationLink(tx: Db, registrationId: string) {
  return paths.evaluation(await storeEvaluationLink(tx, registrationId));
}

/**
 * For the confirmation mail: the full link when the event has a questionnaire whose start wave is open and the person
 * has a place; else null (the end wave gets its own mail after the last session).
 */
export async function evaluationUrlForConfirmation(tx: Db, registration: { id: string; eventId: string; status: string }, now = new Date()) {
  if (registration.status !== "REGISTERED") return null;
  const q = await tx.questionnaire.findUnique({ where: { eventId: registration.eventId }, include: withSessions });
  if (!q || !openWaves(q, q.event, now).includes("START")) return null;
  return urls.evaluation(await storeEvaluationLink(tx, registration.id));
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

type QuestionnaireView = {
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

type SubmitResult = { ok: true } | { ok: false; error: "not-found" | "closed" | "answered" | "invalid" };

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
    if (isUniqueViolation(error)) return { ok: false, error: "answered" };
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
          const url = urls.evaluation(await storeEvaluationLink(tx, r.id));
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

/** The end-of-course evaluation links, mailed after the last session. */
export const evaluationTasks: ScheduledTask[] = [{ name: "evaluation-end-links", everyMs: 10 * 60_000, run: (now) => sendEndWaveLinks(now) }];
