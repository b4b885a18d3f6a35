import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import readXlsxFile from "read-excel-file/node";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { translator } from "~/lib/i18n";
import { cellText, statusSections } from "~/models/status-sections";
import { statusReport } from "~/models/status.server";
import { statusWorkbook } from "~/models/status-xlsx.server";
import { FIXTURE_NOW, FIXTURE_YEAR, seedStatusFixture } from "./fixture";

/**
 * The year's evaluations in the yearly status: one section of the page, the paper and the XLSX, per statement start
 * beside end, "< 5" below five answers, and never a word of free text.
 */
const FREE_TEXT = "Min søn Ali har det bedre nu";

async function answer(questionnaireId: string, statementId: string, wave: "START" | "END", value: number) {
  const id = randomBytes(16).toString("hex");
  await db.evaluationAnswer.create({ data: { id, questionnaireId, wave, freeText: FREE_TEXT } });
  await db.evaluationScore.create({ data: { answerId: id, statementId, wave, value } });
}

describe("the year's evaluations in the status", () => {
  beforeEach(async () => {
    await seedStatusFixture();
    const course = await db.event.findFirstOrThrow({ where: { kind: "COURSE_PARENTS", firstStartsAt: { gte: new Date("2025-01-01"), lt: new Date("2026-01-01") } }, orderBy: { firstStartsAt: "asc" } });
    const q = await db.questionnaire.create({
      data: { eventId: course.id, startCode: "STA123", endCode: "END123", freeTextQuestion: "Andet?", statements: { create: [{ position: 0, text: "Jeg ved, hvor jeg kan få hjælp" }] } },
      include: { statements: true },
    });
    // start: six answers 1, 4, 4, 5, 5, 5 (mean 4.0); end: two answers (shown as "< 5")
    for (const v of [1, 4, 4, 5, 5, 5]) await answer(q.id, q.statements[0]!.id, "START", v);
    for (const v of [3, 5]) await answer(q.id, q.statements[0]!.id, "END", v);
  });

  it("is a section of the report: n, mean and distribution at the start, \"< 5\" at the end", async () => {
    const t = translator("da");
    const report = await statusReport(FIXTURE_YEAR, FIXTURE_NOW);
    const section = statusSections(report, t).find((s) => s.id === "evaluations")!;
    expect(section.title).toBe("Evalueringer");
    expect(section.columns).toEqual(["Svar", "Gennemsnit (1–5)", "Svarede 1 · 2 · 3 · 4 · 5"]);
    expect(section.groups).toHaveLength(1);
    const rows = section.groups[0]!.rows.map((r) => [r.label, ...r.cells.map((c) => cellText(c, "da", t))]);
    expect(rows).toEqual([
      ["Svar i alt ved start", "6", "–", "–"],
      ["Svar i alt ved slut", "< 5", "–", "–"],
      ["Jeg ved, hvor jeg kan få hjælp — ved start", "6", "4,0", "1 · 0 · 0 · 2 · 3"],
      ["Jeg ved, hvor jeg kan få hjælp — ved slut", "< 5", "–", "–"],
    ]);
    expect(JSON.stringify(report)).not.toContain(FREE_TEXT);
  });

  it("is a sheet of the XLSX, the mean a number, read back by both readers, with no free text anywhere", async () => {
    const buffer = await statusWorkbook(FIXTURE_YEAR, "da", FIXTURE_NOW);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Evalueringer")!;
    const rows = sheet.getRows(1, sheet.rowCount)!;
    const statement = rows.find((r) => r.getCell(1).value === "Jeg ved, hvor jeg kan få hjælp — ved start")!;
    expect([2, 3, 4].map((c) => statement.getCell(c).value)).toEqual([6, 4, "1 · 0 · 0 · 2 · 3"]);
    expect(rows.find((r) => r.getCell(1).value === "Jeg ved, hvor jeg kan få hjælp — ved slut")!.getCell(2).value).toBe("< 5");
    expect(statement.getCell(3).numFmt).toBe("0.0");
    const sheets = await readXlsxFile(buffer);
    const grid = sheets.find((s) => s.sheet === "Evalueringer")!.data;
    expect(grid.find((r) => r[0] === "Jeg ved, hvor jeg kan få hjælp — ved start")!.slice(1, 4)).toEqual([6, 4, "1 · 0 · 0 · 2 · 3"]);
    for (const s of sheets) expect(JSON.stringify(s.data)).not.toContain(FREE_TEXT);
  });
});
