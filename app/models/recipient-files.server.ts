import ExcelJS from "exceljs";
import { csvRows, MAX_INPUT_LINES } from "./recipient-input";

const MAX_FILE_BYTES = 1_000_000;

/**
 * The rows of an uploaded recipient file as text cells: XLSX through exceljs (the first sheet; a cell's shown text,
 * so a hyperlinked address or a formula gives what staff see), anything else as CSV. Null when it cannot be read.
 */
export async function readRecipientFile(file: File): Promise<string[][] | null> {
  if (file.size === 0 || file.size > MAX_FILE_BYTES) return null;
  const bytes = Buffer.from(await file.arrayBuffer());
  const isZip = bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) {
    try {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      if (!sheet) return null;
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row, number) => {
        if (number > MAX_INPUT_LINES) return;
        const cells: string[] = [];
        for (let c = 1; c <= Math.min(row.cellCount, 30); c++) cells.push(String(row.getCell(c).text ?? "").trim());
        rows[number - 1] = cells;
      });
      return Array.from(rows, (r) => r ?? []);
    } catch {
      return null;
    }
  }
  const text = bytes.toString("utf8");
  if (text.includes("\u0000")) return null;
  return csvRows(text);
}
