import ExcelJS from "exceljs";
import { formatDate, translator, type Locale } from "~/lib/i18n";
import { statusSections, trackHeading, type Cell } from "./status-sections";
import { statusReport } from "./status.server";

const NUMBER_FORMATS = { int: "#,##0", kr: '#,##0 "kr."', percent: "0%", mean: "0.0" } as const;

/** Excel forbids some characters in sheet names and allows 31 characters. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);

function write(cell: ExcelJS.Cell, value: Cell) {
  if (value.kind === "text") {
    cell.value = value.text; // "< 5" and "skjult" stay texts: never a number a formula could use
    cell.alignment = { horizontal: "right" };
    return;
  }
  cell.value = value.value;
  cell.numFmt = NUMBER_FORMATS[value.format];
}

/**
 * The yearly status as an XLSX workbook: one sheet per section of the page (the same cells, suppressed the same way),
 * the charts' figures month by month, and a sheet on how the figures are counted. Numbers are numbers.
 */
export async function statusWorkbook(year: number, locale: Locale, now = new Date()): Promise<Buffer> {
  const t = translator(locale);
  const report = await statusReport(year, now);
  const book = new ExcelJS.Workbook();
  book.creator = "VINK";
  book.created = now;
  const title = t("status.paperTitle", { year });

  const about = book.addWorksheet(sheetName(t("status.sheetAbout")));
  about.getColumn(1).width = 110;
  about.addRow([title]).font = { bold: true, size: 14 };
  about.addRow([t("status.generated", { date: formatDate(locale, now, "datetime") })]);
  about.addRow([t("status.smallNote")]);
  about.addRow([t("status.sectionActivityIntro")]);
  about.addRow([t("status.sectionForumIntro")]);
  about.addRow([t("status.sectionBudgetIntro")]);
  about.addRow([t("status.sectionEvaluationsIntro")]);

  for (const section of statusSections(report, t)) {
    const sheet = book.addWorksheet(sheetName(section.sheet));
    sheet.getColumn(1).width = 58;
    section.columns.forEach((_, i) => (sheet.getColumn(i + 2).width = 16));
    sheet.addRow([`${title}: ${section.title}`]).font = { bold: true, size: 13 };
    const header = sheet.addRow([t("status.figure"), ...section.columns]);
    header.font = { bold: true };
    sheet.views = [{ state: "frozen", ySplit: 2 }];
    if (section.groups.length === 0 && section.intro) sheet.addRow([section.intro]);
    for (const group of section.groups) {
      if (group.heading) sheet.addRow([group.heading]).font = { bold: true };
      for (const row of group.rows) {
        const line = sheet.addRow([row.label]);
        row.cells.forEach((cell, i) => write(line.getCell(i + 2), cell));
      }
    }
  }

  // the figures behind the charts: sessions held per month and track, forum members at each month's end
  const months = book.addWorksheet(sheetName(t("status.sheetMonths")));
  months.getColumn(1).width = 14;
  const tracks = report.current.tracks;
  months.addRow([`${title}: ${t("status.sectionCharts")}`]).font = { bold: true, size: 13 };
  months.addRow([t("status.month"), ...tracks.map((tr) => trackHeading(t, tr)), t("status.total"), t("status.members")]).font = { bold: true };
  const monthName = new Intl.DateTimeFormat(locale === "da" ? "da-DK" : "en-GB", { month: "long", timeZone: "UTC" });
  for (let m = 0; m < 12; m++) {
    months.addRow([
      monthName.format(new Date(Date.UTC(2000, m, 15))),
      ...tracks.map((tr) => tr.column.sessionsByMonth[m]!),
      report.current.total.sessionsByMonth[m]!,
      report.current.forum.membersByMonth[m]!,
    ]);
  }
  tracks.forEach((_, i) => (months.getColumn(i + 2).width = 22));

  return Buffer.from(await book.xlsx.writeBuffer());
}
