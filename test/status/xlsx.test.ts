import ExcelJS from "exceljs";
import readXlsxFile from "read-excel-file/node";
import { beforeEach, describe, expect, it } from "vitest";
import { statusWorkbook } from "~/models/status-xlsx.server";
import { FIXTURE_NOW, FIXTURE_YEAR, seedStatusFixture } from "./fixture";

type Grid = (string | number | boolean | Date | null)[][];

/** The rows of one track's group in a sheet: from its heading row to the next heading. */
function group(rows: Grid, heading: string) {
  const start = rows.findIndex((r) => r[0] === heading && r.slice(1).every((c) => c === null || c === undefined || c === ""));
  expect(start, `group ${heading}`).toBeGreaterThan(0);
  const out = new Map<string, Grid[number]>();
  for (let i = start + 1; i < rows.length && rows[i]!.slice(1).some((c) => c !== null && c !== undefined && c !== ""); i++) out.set(String(rows[i]![0]), rows[i]!);
  return out;
}

async function withExcelJs(buffer: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheets = new Map<string, { grid: Grid; formats: Map<string, string> }>();
  book.eachSheet((sheet) => {
    const grid: Grid = [];
    const formats = new Map<string, string>();
    sheet.eachRow({ includeEmpty: true }, (row, r) => {
      const values: Grid[number] = [];
      for (let c = 1; c <= sheet.columnCount; c++) {
        const cell = row.getCell(c);
        values.push((cell.value as Grid[number][number]) ?? null);
        if (cell.numFmt) formats.set(`${r - 1}:${c - 1}`, cell.numFmt);
      }
      grid[r - 1] = values;
    });
    sheets.set(sheet.name, { grid, formats });
  });
  return sheets;
}

describe("the yearly status as XLSX", () => {
  let danish: Buffer;
  let english: Buffer;
  beforeEach(async () => {
    await seedStatusFixture();
    danish = await statusWorkbook(FIXTURE_YEAR, "da", FIXTURE_NOW);
    english = await statusWorkbook(FIXTURE_YEAR, "en", FIXTURE_NOW);
  });

  it("opens with the library that wrote it: one sheet per section, numbers as numbers, small counts of people as the text \"< 5\"", async () => {
    const sheets = await withExcelJs(danish);
    expect([...sheets.keys()]).toEqual(["Om tallene", "Aktivitet", "Arrangementstyper", "Medborgerforum", "Invitationer", "Budget", "Evalueringer", "Pr. måned"]);
    const activity = sheets.get("Aktivitet")!.grid;
    expect(activity[0]![0]).toBe("Årlig status for handleplanen 2025: Aktivitet pr. spor");
    expect(activity[1]).toEqual(["Tal", "2025", "2024"]);
    const t1 = group(activity, "Spor 1: Håndtering af bekymringer");
    expect(t1.get("Arrangementer")!.slice(1)).toEqual([2, 1]);
    expect(t1.get("Tilmeldte personer")!.slice(1)).toEqual([9, 5]);
    expect(t1.get("Forskellige deltagere")!.slice(1)).toEqual([6, 5]);
    expect(t1.get("Uopfyldt efterspørgsel (på venteliste, fik aldrig plads)")!.slice(1)).toEqual(["< 5", 0]);
    expect(t1.get("Fremmøde i procent af de registrerede")!.slice(1)).toEqual(["vises ikke", 1]);
    const t3 = group(activity, "Spor 3: Forebyggende arbejde");
    for (const label of ["Tilmeldte personer", "Fremmøder (personer pr. mødegang)", "Forskellige deltagere", "Uopfyldt efterspørgsel (på venteliste, fik aldrig plads)"]) {
      expect(t3.get(label)![1], label).toBe("< 5");
    }
    const total = group(activity, "I alt");
    expect(total.get("Tilmeldte personer")!.slice(1)).toEqual(["skjult", 5]);
    expect(total.get("Afholdte mødegange")!.slice(1)).toEqual([6, 1]);
    expect(total.get("Udbudte pladser")!.slice(1)).toEqual([90, 10]);

    const budget = sheets.get("Budget")!;
    const b1 = group(budget.grid, "Spor 1: Håndtering af bekymringer");
    expect(b1.get("Budget (kr.)")!.slice(1)).toEqual([1_400_000, 1_000_000]);
    expect(b1.get("Kr. pr. deltager")!.slice(1)).toEqual([233_333, 200_000]);
    const budgetRow = budget.grid.findIndex((r) => r[0] === "Budget (kr.)");
    expect(budget.formats.get(`${budgetRow}:1`)).toBe('#,##0 "kr."');
    expect(group(budget.grid, "Spor 3: Forebyggende arbejde").get("Kr. pr. deltager")![1]).toBe("–");

    const forum = sheets.get("Medborgerforum")!.grid;
    expect(forum.find((r) => r[0] === "Medlemmer ved årets slutning")!.slice(1)).toEqual([2, 2]);
    const months = sheets.get("Pr. måned")!.grid;
    expect(months.find((r) => r[0] === "marts")!.slice(1)).toEqual([2, 0, 0, 2, 3]);
    expect(months.find((r) => r[0] === "december")!.slice(1)).toEqual([0, 0, 1, 1, 2]);
    // no hidden figure is in the file as a number: every cell of track 3's people rows is text
    const invitations = group(sheets.get("Invitationer")!.grid, "Spor 2: Rådgivning og opkvalificering af fagpersoner og civilsamfund");
    expect(invitations.get("Inviterede personer")!.slice(1)).toEqual([7, 0]);
    expect(invitations.get("Personer, der svarede")!.slice(1)).toEqual(["< 5", 0]);
  });

  it("opens with a second reader (read-excel-file) with the same cells and types", async () => {
    const sheets = await readXlsxFile(danish);
    expect(sheets.map((s) => s.sheet)).toEqual(["Om tallene", "Aktivitet", "Arrangementstyper", "Medborgerforum", "Invitationer", "Budget", "Evalueringer", "Pr. måned"]);
    const activity = sheets.find((s) => s.sheet === "Aktivitet")!.data as Grid;
    const t1 = group(activity, "Spor 1: Håndtering af bekymringer");
    expect(t1.get("Tilmeldte personer")!.slice(1)).toEqual([9, 5]);
    expect(typeof t1.get("Udbudte pladser")![1]).toBe("number");
    const t3 = group(activity, "Spor 3: Forebyggende arbejde");
    expect(t3.get("Tilmeldte personer")!.slice(1)).toEqual(["< 5", 0]);
    expect(group(activity, "I alt").get("Forskellige deltagere")!.slice(1)).toEqual(["skjult", 5]);
    const kinds = sheets.find((s) => s.sheet === "Arrangementstyper")!.data as Grid;
    expect(kinds[1]).toEqual(["Tal", "Spor 1", "Spor 2", "Spor 3", "I alt 2025", "I alt 2024"]);
    expect(kinds.find((r) => r[0] === "Oplæg")!.slice(1)).toEqual([0, 1, 0, 1, 1]);
  });

  it("is in English when asked, with the same rule", async () => {
    const sheets = await readXlsxFile(english);
    expect(sheets.map((s) => s.sheet)).toEqual(["About the figures", "Activity", "Event kinds", "Citizens' Forum", "Invitations", "Budget", "Evaluations", "Per month"]);
    const activity = sheets.find((s) => s.sheet === "Activity")!.data as Grid;
    expect(group(activity, "Track 3: Forebyggende arbejde").get("Persons registered")!.slice(1)).toEqual(["< 5", 0]);
    expect(group(activity, "Total").get("Persons registered")!.slice(1)).toEqual(["hidden", 5]);
  });
});
