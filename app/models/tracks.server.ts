import { z } from "zod";
import { audit } from "~/lib/audit.server";
import { db, type Db } from "~/lib/db.server";
import { line, optionalText } from "~/lib/field-rules";

/**
 * The action plan's tracks and their budgets per year (issue 10, item 1). Admins keep them at /staff/tracks; every
 * event names its track by number (Event.track), checked here. No personal data.
 */

const MAX_BUDGET = 1_000_000_000;

export const trackFormSchema = z.object({
  number: z
    .string({ required_error: "status.errorTrackNumber" })
    .trim()
    .regex(/^\d{1,2}$/, "status.errorTrackNumber")
    .transform(Number)
    .refine((v) => v >= 1 && v <= 99, "status.errorTrackNumber"),
  name: line({ max: 200, messages: { tooLong: "status.errorTooLong" } }),
  description: optionalText({ max: 2000, messages: { tooLong: "status.errorTooLong" } }).transform((v) => v ?? ""),
});
type TrackInput = z.output<typeof trackFormSchema>;
/** Editing a track: name and description; the number stays, since events refer to it. */
export const trackUpdateSchema = trackFormSchema.omit({ number: true });

/** A budget line: the amount in whole kroner ("1.400.000", "1400000" or "1 400 000"); empty removes the budget. */
export const budgetFormSchema = z.object({
  trackId: z.string().min(1, "form.invalid"),
  year: z
    .string({ required_error: "status.errorYear" })
    .trim()
    .regex(/^\d{4}$/, "status.errorYear")
    .transform(Number)
    .refine((v) => v >= 2000 && v <= 2100, "status.errorYear"),
  amount: z
    .string()
    .optional()
    .transform((v) => (v ?? "").replace(/[\s.]/g, "").replace(/kr$/i, ""))
    .refine((v) => v === "" || /^\d{1,10}$/.test(v), "status.errorAmount")
    .transform((v) => (v === "" ? null : Number(v)))
    .refine((v) => v === null || v <= MAX_BUDGET, "status.errorAmount"),
});
type BudgetInput = z.output<typeof budgetFormSchema>;

export async function listTracks(tx: Db = db) {
  return tx.track.findMany({ orderBy: { number: "asc" }, select: { id: true, number: true, name: true, description: true } });
}

/** The tracks with their budgets, newest year first, for the admin page. */
export async function listTracksWithBudgets() {
  return db.track.findMany({
    orderBy: { number: "asc" },
    select: { id: true, number: true, name: true, description: true, budgets: { orderBy: { year: "desc" }, select: { year: true, amount: true } } },
  });
}

/** True when an event may name this track number. */
export async function trackExists(number: number, tx: Db = db) {
  return (await tx.track.count({ where: { number } })) > 0;
}

/** The event models' check: an event's track must be one of the plan's (Event.track is a plain number). */
export async function assertTrack(tx: Db, number: number) {
  if (!(await trackExists(number, tx))) throw new Error(`Unknown action-plan track ${number}`);
}

export async function createTrack(actorId: string, input: TrackInput): Promise<{ ok: true; id: string } | { ok: false; error: "number-taken" }> {
  return db.$transaction(async (tx) => {
    if (await trackExists(input.number, tx)) return { ok: false as const, error: "number-taken" as const };
    const track = await tx.track.create({ data: input });
    await audit(tx, { actorId, action: "track.create", entityType: "Track", entityId: track.id, details: { number: input.number } });
    return { ok: true as const, id: track.id };
  });
}

/** Name and description; the number stays, since events refer to it. */
export async function updateTrack({ actorId, trackId, input }: { actorId: string; trackId: string; input: Omit<TrackInput, "number"> }) {
  return db.$transaction(async (tx) => {
    const found = await tx.track.findUnique({ where: { id: trackId }, select: { id: true } });
    if (!found) return false;
    await tx.track.update({ where: { id: trackId }, data: { name: input.name, description: input.description } });
    await audit(tx, { actorId, action: "track.update", entityType: "Track", entityId: trackId });
    return true;
  });
}

/** Sets (or with a null amount removes) a track's budget for a year. */
export async function setTrackBudget(actorId: string, input: BudgetInput) {
  return db.$transaction(async (tx) => {
    const track = await tx.track.findUnique({ where: { id: input.trackId }, select: { id: true } });
    if (!track) return false;
    const where = { trackId_year: { trackId: input.trackId, year: input.year } };
    if (input.amount === null) await tx.trackBudget.deleteMany({ where: { trackId: input.trackId, year: input.year } });
    else await tx.trackBudget.upsert({ where, create: { trackId: input.trackId, year: input.year, amount: input.amount }, update: { amount: input.amount } });
    await audit(tx, { actorId, action: "track.budget", entityType: "Track", entityId: input.trackId, details: { year: input.year, amount: input.amount } });
    return true;
  });
}
