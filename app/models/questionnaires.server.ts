import { z } from "zod";
import { audit } from "~/lib/audit.server";
import { randomShortId } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { evaluationSummaryForEvents } from "./evaluation-results.server";
import { clean, MAX_STATEMENTS, openWaves, WAVES, type Wave } from "./evaluation-waves";

/**
 * Staff's side of evaluations (docs/decisions/0026-evaluations.md): the questionnaire form and its save, and the
 * event's evaluation page (codes, open waves, results, free text from MIN_SHOWN answers).
 */

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

type QuestionnaireInput = z.infer<typeof questionnaireFormSchema>;

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
