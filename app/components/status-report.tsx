import { formatNumber, useLocale, useT, type Translate } from "~/lib/i18n";
import { cellText, statusSections, trackHeading, type Section } from "~/models/status-sections";
import type { StatusReport } from "~/models/status.server";
import { BarChart, type Fill } from "./charts";

const TRACK_FILLS: Fill[] = ["solid", "hatch", "dots"];

/** One section of the status as a table: a row group per track (with its heading row) or a single group. */
function SectionTable({ section }: { section: Section }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table--responsive-scroll">
      <table className="table table--compact status-table">
        <caption className="sr-only">{section.title}</caption>
        <thead>
          <tr>
            <th scope="col" className="align-text-left">
              {t("status.figure")}
            </th>
            {section.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        {section.groups.map((group, g) => (
          <tbody key={g}>
            {group.heading && (
              <tr>
                <th scope="rowgroup" colSpan={section.columns.length + 1}>
                  {group.heading}
                </th>
              </tr>
            )}
            {group.rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, i) => (
                  <td key={i}>{cellText(cell, locale, t)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function monthNames(locale: "da" | "en") {
  const format = new Intl.DateTimeFormat(locale === "da" ? "da-DK" : "en-GB", { month: "short", timeZone: "UTC" });
  return Array.from({ length: 12 }, (_, m) => format.format(new Date(Date.UTC(2000, m, 15))).replace(/\.$/, ""));
}

function Charts({ report, t, locale }: { report: StatusReport; t: Translate; locale: "da" | "en" }) {
  const { current, previous } = report;
  const months = monthNames(locale);
  const fullMonths = new Intl.DateTimeFormat(locale === "da" ? "da-DK" : "en-GB", { month: "long", timeZone: "UTC" });
  const sessions = current.total.sessionsByMonth;
  const busiest = sessions.indexOf(Math.max(...sessions));
  const totalSessions = sessions.reduce((a, b) => a + b, 0);
  const pct = (v: number | "hidden" | null) =>
    v === null ? t("status.none") : v === "hidden" ? t("status.rateNotShown") : t("status.percent", { value: formatNumber(locale, Math.round(v * 100)) });
  const chartRate = (v: number | "hidden" | null) => (v === null ? null : v === "hidden" ? t("status.notShown") : Math.round(v * 100));
  const rateCategories = [...current.tracks.map((tr) => t("status.trackShort", { number: tr.number })), t("status.total")];
  const rates = (y: typeof current) => [...y.tracks.map((tr) => tr.column.attendanceRate), y.total.attendanceRate];
  const f = current.forum;
  return (
    <>
      <BarChart
        id="chart-sessions"
        title={t("status.chartSessionsTitle", { year: current.year })}
        description={t("status.chartSessionsDesc")}
        summary={
          totalSessions === 0
            ? t("status.chartSessionsEmpty", { year: current.year })
            : t("status.chartSessionsSummary", {
                total: formatNumber(locale, totalSessions),
                year: current.year,
                month: fullMonths.format(new Date(Date.UTC(2000, busiest, 15))),
                count: formatNumber(locale, sessions[busiest]!),
              })
        }
        categories={months}
        series={current.tracks.map((tr, i) => ({ label: t("status.trackShort", { number: tr.number }), legend: trackHeading(t, tr), fill: TRACK_FILLS[i % TRACK_FILLS.length]!, values: tr.column.sessionsByMonth }))}
        format={(v) => formatNumber(locale, v)}
        tableCaption={t("status.chartData")}
        categoryHeading={t("status.month")}
        missing={t("status.notShown")}
      />
      <BarChart
        id="chart-attendance"
        title={t("status.chartRateTitle", { year: current.year, previous: previous.year })}
        description={t("status.chartRateDesc", { year: current.year, previous: previous.year })}
        summary={t("status.chartRateSummary", { rate: pct(current.total.attendanceRate), year: current.year, previousRate: pct(previous.total.attendanceRate), previous: previous.year })}
        categories={rateCategories}
        series={[
          { label: String(current.year), fill: "solid", values: rates(current).map(chartRate) },
          { label: String(previous.year), fill: "hatch", values: rates(previous).map(chartRate) },
        ]}
        format={(v) => t("status.percent", { value: formatNumber(locale, v) })}
        max={100}
        labels
        tableCaption={t("status.chartData")}
        categoryHeading={t("status.track")}
        missing={t("status.none")}
      />
      <BarChart
        id="chart-forum"
        title={t("status.chartForumTitle", { year: current.year })}
        description={t("status.chartForumDesc")}
        summary={t("status.chartForumSummary", {
          start: formatNumber(locale, f.membersAtStart),
          end: formatNumber(locale, f.membersAtEnd),
          joined: formatNumber(locale, f.joined),
          lapsed: formatNumber(locale, f.lapsed),
          left: formatNumber(locale, f.left),
        })}
        categories={months}
        series={[{ label: t("status.members"), fill: "solid", values: f.membersByMonth }]}
        format={(v) => formatNumber(locale, v)}
        labels
        tableCaption={t("status.chartData")}
        categoryHeading={t("status.month")}
        missing={t("status.notShown")}
      />
    </>
  );
}

/**
 * The status's body, the same on the page and on paper: the note on small numbers, each section with its table, the
 * charts. The evaluations are one of the sections (statusSections), so page, paper and XLSX show them alike.
 */
export function StatusReportView({ report, headingLevel = 2 }: { report: StatusReport; headingLevel?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const H = `h${headingLevel}` as "h2" | "h3";
  const sections = statusSections(report, t);
  return (
    <>
      <p>{t("status.smallNote")}</p>
      {sections.map((section) => (
        <section key={section.id} aria-labelledby={`status-${section.id}`}>
          <H id={`status-${section.id}`}>{section.title}</H>
          {section.intro && <p>{section.intro}</p>}
          {section.groups.length > 0 && <SectionTable section={section} />}
        </section>
      ))}
      <section aria-labelledby="status-charts">
        <H id="status-charts">{t("status.sectionCharts")}</H>
        <Charts report={report} t={t} locale={locale} />
      </section>
    </>
  );
}
