import { evaluationSummaryForYear, type EvaluationSummary } from "./evaluation-results.server";
import { db } from "~/lib/db.server";
import type { EventKind } from "./event-options";
import { peopleCell, shownValue, suppressBreakdown, type Shown } from "./small-numbers";
import { currentYear, isStatusYear, statusFigures, type ForumFigures, type TrackFigures, type YearFigures } from "./status-figures.server";

/**
 * The yearly status as it leaves the server (docs/decisions/0024-yearly-status.md): the exact figures of
 * ./status-figures.server.ts with small counts of people suppressed (./small-numbers.ts), for the page, the XLSX and
 * the print/PDF alike; and the years to choose from.
 */

/** Counts of people, each a breakdown by track with its total, suppressed together. */
const PEOPLE_FIGURES = ["registeredPersons", "attendances", "participants", "unmetDemand", "invited", "answered"] as const;
export type PeopleFigure = (typeof PEOPLE_FIGURES)[number];
/** Counts of things (events, sessions, places, mailings): never people, shown as they are. */
const THING_FIGURES = ["events", "sessionsHeld", "placesOffered", "eventsWithoutLimit", "mailings"] as const;
export type ThingFigure = (typeof THING_FIGURES)[number];

export type ReportColumn = {
  people: Record<PeopleFigure, Shown>;
  things: Record<ThingFigure, number>;
  eventsByKind: Record<EventKind, number>;
  sessionsByMonth: number[];
  /** present ÷ recorded; "hidden" where the present or the absent persons are a small number; null without records */
  attendanceRate: number | "hidden" | null;
  budget: number | null;
  perSession: number | null;
  perParticipant: number | null;
};

export type ReportYear = {
  year: number;
  tracks: { number: number; name: string; column: ReportColumn }[];
  total: ReportColumn;
  forum: ForumFigures;
};

/** `evaluations`: the year's questionnaires, per statement start vs end, "< 5" already applied and never free text. */
export type StatusReport = { current: ReportYear; previous: ReportYear; evaluations: EvaluationSummary[] };

function reportYear(y: YearFigures): ReportYear {
  const columns = y.tracks.map((t) => ({ people: {} as Record<PeopleFigure, Shown>, figures: t.figures }));
  const total = { people: {} as Record<PeopleFigure, Shown>, figures: y.total };
  for (const key of PEOPLE_FIGURES) {
    const suppressed = suppressBreakdown(
      columns.map((c) => c.figures[key]),
      y.total[key],
      key !== "participants",
    );
    columns.forEach((c, i) => (c.people[key] = suppressed.parts[i]!));
    total.people[key] = suppressed.total;
  }
  const column = ({ people, figures: f }: { people: Record<PeopleFigure, Shown>; figures: TrackFigures }): ReportColumn => {
    const absent = f.attendanceRecorded - f.attendances;
    const present = shownValue(people.attendances);
    const participants = shownValue(people.participants);
    return {
      people,
      things: Object.fromEntries(THING_FIGURES.map((k) => [k, f[k]])) as Record<ThingFigure, number>,
      eventsByKind: f.eventsByKind,
      sessionsByMonth: f.sessionsByMonth,
      attendanceRate:
        f.attendanceRecorded === 0 ? null : present !== null && peopleCell(absent).kind === "value" ? present / f.attendanceRecorded : "hidden",
      budget: f.budget,
      perSession: f.budget !== null && f.sessionsHeld > 0 ? Math.round(f.budget / f.sessionsHeld) : null,
      perParticipant: f.budget !== null && participants ? Math.round(f.budget / participants) : null,
    };
  };
  return {
    year: y.year,
    tracks: y.tracks.map((t, i) => ({ number: t.number, name: t.name, column: column(columns[i]!) })),
    total: column(total),
    forum: y.forum,
  };
}

/** The status as the page, the XLSX and the print/PDF show it: small counts of people suppressed. */
export async function statusReport(year: number, now = new Date()): Promise<StatusReport> {
  const [{ current, previous }, evaluations] = await Promise.all([statusFigures(year, now), evaluationSummaryForYear(year)]);
  return { current: reportYear(current), previous: reportYear(previous), evaluations };
}

/** The year asked for in `?year=`: none means the current one; anything else than a plausible year is null (404). */
export function yearFromUrl(url: string, now = new Date()): number | null {
  const asked = new URL(url).searchParams.get("year");
  if (asked === null || asked === "") return currentYear(now);
  const year = /^\d{4}$/.test(asked) ? Number(asked) : NaN;
  return isStatusYear(year) ? year : null;
}

/** The years to choose from: the first year anything happened (or the plan's first, 2016) to next year. */
export async function statusYears(now = new Date()) {
  const first = await db.event.findFirst({ where: { firstStartsAt: { not: null } }, orderBy: { firstStartsAt: "asc" }, select: { firstStartsAt: true } });
  const budget = await db.trackBudget.findFirst({ orderBy: { year: "asc" }, select: { year: true } });
  const from = Math.min(2016, budget?.year ?? 2016, first?.firstStartsAt ? currentYear(first.firstStartsAt) : 2016);
  const to = currentYear(now) + 1;
  return Array.from({ length: to - from + 1 }, (_, i) => to - i);
}
