import type { Translate } from "~/lib/i18n";
import { EVENT_KINDS } from "./event-options";
import type { Shown } from "./small-numbers";
import type { EvaluationSummary, WaveFigures } from "./evaluation-results.server";
import type { PeopleFigure, ReportColumn, ReportYear, StatusReport, ThingFigure } from "./status.server";

/**
 * The yearly status laid out once, as sections of tables, for all three outputs: the page and the print/PDF render
 * these tables, the XLSX writes one sheet per section. A cell is a number (with how to show it) or a text — "< 5" and
 * "skjult" are texts, so a spreadsheet never holds a hidden figure as a number.
 */
export type Cell = { kind: "number"; value: number; format: "int" | "kr" | "percent" | "mean" } | { kind: "text"; text: string };
type Row = { label: string; cells: Cell[] };
type Group = { heading?: string; rows: Row[] };
export type Section = { id: string; title: string; sheet: string; intro?: string; columns: string[]; groups: Group[] };

const int = (value: number): Cell => ({ kind: "number", value, format: "int" });
const kr = (value: number | null, t: Translate): Cell => (value === null ? { kind: "text", text: t("status.none") } : { kind: "number", value, format: "kr" });
const percent = (value: number | "hidden" | null, t: Translate): Cell =>
  value === null ? { kind: "text", text: t("status.none") } : value === "hidden" ? { kind: "text", text: t("status.notShown") } : { kind: "number", value, format: "percent" };

/** A suppressed count of people as a cell: the number, "< 5", or "skjult". */
function peopleCellOf(cell: Shown, t: Translate): Cell {
  if (cell.kind === "value") return int(cell.value);
  return { kind: "text", text: cell.kind === "small" ? t("status.small") : t("status.withheld") };
}

export function trackHeading(t: Translate, track: { number: number; name: string }) {
  return t("status.trackHeading", { number: track.number, name: track.name });
}

/** The columns of a year beside the year before, track by track and in total. */
function perTrack(report: StatusReport, t: Translate, rows: (c: ReportColumn, y: ReportYear) => Row[]): Group[] {
  const { current, previous } = report;
  const pairs = current.tracks.map((track, i) => ({ heading: trackHeading(t, track), now: track.column, before: previous.tracks[i]?.column }));
  pairs.push({ heading: t("status.total"), now: current.total, before: previous.total });
  return pairs.map(({ heading, now, before }) => {
    const a = rows(now, current);
    const b = before ? rows(before, previous) : a.map((r) => ({ ...r, cells: r.cells.map(() => ({ kind: "text", text: t("status.none") }) as Cell) }));
    return { heading, rows: a.map((r, i) => ({ label: r.label, cells: [...r.cells, ...b[i]!.cells] })) };
  });
}

const thing = (t: Translate, c: ReportColumn, key: ThingFigure): Row => ({ label: t(`status.row.${key}`), cells: [int(c.things[key])] });
const people = (t: Translate, c: ReportColumn, key: PeopleFigure): Row => ({ label: t(`status.row.${key}`), cells: [peopleCellOf(c.people[key], t)] });

export function statusSections(report: StatusReport, t: Translate): Section[] {
  const { current, previous } = report;
  const years = [String(current.year), String(previous.year)];
  const kindColumns = current.tracks.map((tr) => t("status.trackShort", { number: tr.number }));
  return [
    {
      id: "activity",
      title: t("status.sectionActivity"),
      sheet: t("status.sheetActivity"),
      intro: t("status.sectionActivityIntro"),
      columns: years,
      groups: perTrack(report, t, (c) => [
        thing(t, c, "events"),
        thing(t, c, "sessionsHeld"),
        thing(t, c, "placesOffered"),
        thing(t, c, "eventsWithoutLimit"),
        people(t, c, "registeredPersons"),
        people(t, c, "attendances"),
        { label: t("status.row.attendanceRate"), cells: [percent(c.attendanceRate, t)] },
        people(t, c, "participants"),
        people(t, c, "unmetDemand"),
      ]),
    },
    {
      id: "kinds",
      title: t("status.sectionKinds"),
      sheet: t("status.sheetKinds"),
      columns: [...kindColumns, t("status.totalYear", { year: current.year }), t("status.totalYear", { year: previous.year })],
      groups: [
        {
          rows: EVENT_KINDS.map((kind) => ({
            label: t(`events.kind.${kind}`),
            cells: [...current.tracks.map((tr) => int(tr.column.eventsByKind[kind])), int(current.total.eventsByKind[kind]), int(previous.total.eventsByKind[kind])],
          })),
        },
      ],
    },
    {
      id: "forum",
      title: t("status.sectionForum"),
      sheet: t("status.sheetForum"),
      intro: t("status.sectionForumIntro"),
      columns: years,
      groups: [
        {
          rows: (["membersAtStart", "membersAtEnd", "joined", "lapsed", "left", "signatures"] as const).map((key) => ({
            label: t(`status.row.${key}`),
            cells: [int(current.forum[key]), int(previous.forum[key])],
          })),
        },
      ],
    },
    {
      id: "invitations",
      title: t("status.sectionInvitations"),
      sheet: t("status.sheetInvitations"),
      columns: years,
      groups: perTrack(report, t, (c) => [thing(t, c, "mailings"), people(t, c, "invited"), people(t, c, "answered")]),
    },
    {
      id: "budget",
      title: t("status.sectionBudget"),
      sheet: t("status.sheetBudget"),
      intro: t("status.sectionBudgetIntro"),
      columns: years,
      groups: perTrack(report, t, (c) => [
        { label: t("status.row.budget"), cells: [kr(c.budget, t)] },
        thing(t, c, "sessionsHeld"),
        { label: t("status.row.perSession"), cells: [kr(c.perSession, t)] },
        people(t, c, "participants"),
        { label: t("status.row.perParticipant"), cells: [kr(c.perParticipant, t)] },
      ]),
    },
    evaluationSection(report.evaluations, t),
  ];
}

/**
 * The year's questionnaires: per event, per statement, start beside end — n, mean and how many answered 1…5, or
 * "< 5" and nothing more below five answers (evaluationSummaryForEvents suppresses; free text is never in it).
 */
function evaluationSection(evaluations: EvaluationSummary[], t: Translate): Section {
  const none: Cell = { kind: "text", text: t("status.none") };
  const small: Cell = { kind: "text", text: t("status.small") };
  const figures = (w: WaveFigures): Cell[] =>
    w.suppressed ? [small, none, none] : [int(w.n), { kind: "number", value: w.mean, format: "mean" }, { kind: "text", text: w.distribution.join(" · ") }];
  const waves = (e: EvaluationSummary) => [...(e.askStart ? (["start"] as const) : []), ...(e.askEnd ? (["end"] as const) : [])];
  return {
    id: "evaluations",
    title: t("status.sectionEvaluations"),
    sheet: t("status.sheetEvaluations"),
    intro: evaluations.length ? t("status.sectionEvaluationsIntro") : t("status.evaluationsNone"),
    columns: [t("status.evaluation.n"), t("status.evaluation.mean"), t("status.evaluation.distribution")],
    // start and end of a statement on rows next to each other: three narrow columns read on a phone and on paper
    groups: evaluations.map((e) => ({
      heading: e.eventTitle,
      rows: [
        ...waves(e).map((w) => {
          const n = e.answers[w];
          return { label: t(`status.evaluation.answers.${w}`), cells: [n === "suppressed" || n === null ? small : int(n), none, none] };
        }),
        ...e.statements.flatMap((s) => waves(e).map((w) => ({ label: t(`status.evaluation.statement.${w}`, { statement: s.text }), cells: figures(s[w]!) }))),
      ],
    })),
  };
}

/** How a cell reads on the page and on paper. */
export function cellText(cell: Cell, locale: "da" | "en", t: Translate): string {
  if (cell.kind === "text") return cell.text;
  const tag = locale === "da" ? "da-DK" : "en-GB";
  if (cell.format === "mean") return new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(cell.value);
  if (cell.format === "percent") return t("status.percent", { value: new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(cell.value * 100) });
  return new Intl.NumberFormat(tag).format(cell.value);
}
