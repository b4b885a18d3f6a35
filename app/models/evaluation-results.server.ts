import { db } from "~/lib/db.server";
import { MIN_SHOWN, type Wave } from "./evaluation-waves";

/**
 * Evaluation results (docs/decisions/0026-evaluations.md): per event and per year, with the small-number rule applied
 * (nothing below MIN_SHOWN answers), never free text; and the retention rule that clears old free text.
 */

/** How many answered 1, 2, 3, 4 and 5. */
type Distribution = [number, number, number, number, number];
export type WaveFigures = { suppressed: true } | { suppressed: false; n: number; mean: number; distribution: Distribution };
type StatementResult = { id: string; text: string; start: WaveFigures | null; end: WaveFigures | null };
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

/** Free-text answers may name someone: they are cleared this long after the event's last day (the scores stay). */
export const FREE_TEXT_KEEP_DAYS = 365;

/** Clears the free text of answers to events that ended FREE_TEXT_KEEP_DAYS ago or more (a retention rule). */
export async function clearOldFreeText(now = new Date()) {
  const cutoff = new Date(now.getTime() - FREE_TEXT_KEEP_DAYS * 86_400_000);
  return db.evaluationAnswer.updateMany({ where: { freeText: { not: null }, questionnaire: { event: { lastEndsAt: { lte: cutoff } } } }, data: { freeText: null } });
}
