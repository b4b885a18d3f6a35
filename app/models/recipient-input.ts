import { hasControlChars, isEmailAddress, MAX_NAME, normaliseEmail } from "~/lib/field-rules";

/**
 * Reading the recipient lists staff have, in one pure module (no database, no I/O), so every format is unit-tested:
 * - lines of addresses;
 * - `Name <address>` lists separated by `;` or `,` as Outlook and Gmail copy them (`"Kjær, Hanne" <hanne@x.dk>`);
 * - rows copied from Excel or Sheets (tab-separated), with or without a header row, columns name / email / language
 *   in any order;
 * - `name;email` / `name,email` lines (the old CSV form);
 * - the rows of an uploaded CSV or XLSX file with staff's column mapping (parseTable).
 * A bad line never refuses the list: it is reported with its number and text, and staff may leave it out.
 */
type ListedPerson = { name: string; email: string; locale: "da" | "en" | null; line: number };

type LineProblem =
  | "invitations.line.lineBreak"
  | "invitations.line.secondAddress"
  | "invitations.line.invalidEmail"
  | "invitations.line.missingEmail"
  | "invitations.line.tooManyFields"
  | "invitations.line.invalidName"
  | "invitations.line.unclosedQuote";

export type BadLine = { line: number; problem: LineProblem; text: string };
type Duplicate = { line: number; name: string; email: string };
export type RecipientParse = { people: ListedPerson[]; errors: BadLine[]; duplicates: Duplicate[] };

type Column = "name" | "email" | "language";
export type ColumnMapping = { name: number | null; email: number; language: number | null };

const MAX_INPUT_CHARS = 1_000_000;
export const MAX_INPUT_LINES = 20_000;

/** How many lines a quoted value may run on for before it is reported as never closed. */
const MAX_QUOTED_LINES = 5;
const hasAt = (s: string) => s.includes("@");

/** A line as staff will see it in the report: control characters made visible, shortened. */
function shownLine(raw: string) {
  return raw.replace(/\r/g, "␍").replace(/\n/g, "␊").replace(/\t/g, " ").slice(0, 120);
}

function localeFromCell(value: string): "da" | "en" | null {
  const v = value.trim().toLowerCase();
  if (["da", "dk", "dansk", "danish", "da-dk"].includes(v)) return "da";
  if (["en", "engelsk", "english", "en-gb", "en-us", "eng"].includes(v)) return "en";
  return null;
}

const HEADER_WORDS: Record<Column, string[]> = {
  name: ["navn", "name", "fulde navn", "full name", "fornavn og efternavn", "kontaktperson", "contact"],
  email: ["email", "e-mail", "mail", "e-mailadresse", "emailadresse", "e-mail address", "email address", "mailadresse", "adresse"],
  language: ["sprog", "language", "lang", "locale"],
};

/** The column a header cell names, if any. */
function headerColumn(cell: string): Column | null {
  const v = cell.trim().toLowerCase().replace(/^\uFEFF/, "");
  for (const column of ["email", "name", "language"] as const) if (HEADER_WORDS[column].includes(v)) return column;
  return null;
}

/** Checks one address (lower-cased) and name; a problem or the person. */
function checkPerson(name: string, email: string): { name: string; email: string } | LineProblem {
  if (/[\r\n\u2028\u2029]/.test(email) || /[\r\n\u2028\u2029]/.test(name)) return "invitations.line.lineBreak";
  const address = normaliseEmail(email.trim().replace(/^mailto:/i, ""));
  if (!address) return "invitations.line.missingEmail";
  if ((address.match(/@/g) ?? []).length > 1 && /[,;\s]/.test(address)) return "invitations.line.secondAddress";
  if (!isEmailAddress(address)) return "invitations.line.invalidEmail";
  const cleanName = name.trim();
  if (hasControlChars(cleanName) || /[<>]/.test(cleanName) || cleanName.length > MAX_NAME) return "invitations.line.invalidName";
  return { name: cleanName, email: address };
}

/** Splits a line at `;` and `,` outside double quotes and angle brackets. */
function splitItems(line: string): { items: string[]; unclosed: boolean } {
  const items: string[] = [];
  let item = "";
  let quoted = false;
  let angle = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === "\\" && line[i + 1] === '"') {
        item += '\\"';
        i++;
      } else {
        if (c === '"') quoted = false;
        item += c;
      }
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "<") angle = true;
    else if (c === ">") angle = false;
    else if ((c === ";" || c === ",") && !angle) {
      items.push(item.trim());
      item = "";
      continue;
    }
    item += c;
  }
  items.push(item.trim());
  return { items, unclosed: quoted };
}

const unquote = (s: string) => {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\"/g, '"').replace(/""/g, '"');
  return t.replace(/^'(.*)'$/, "$1");
};

/** `Name <address>`, `"Name" <address>`, `<address>` or a bare address. */
function readAddressItem(item: string): { name: string; email: string } | LineProblem {
  const m = /^(.*?)<([^<>]*)>\s*$/.exec(item);
  if (m) return checkPerson(unquote(m[1]!), m[2]!);
  if (/[<>]/.test(item)) return "invitations.line.invalidEmail";
  return checkPerson("", unquote(item));
}

type LineResult = { people: { name: string; email: string; locale: "da" | "en" | null }[] } | { problem: LineProblem };

/** One line that is not a table row: an address list, or a name;email(;language) row, or one address. */
function readLine(line: string): LineResult {
  const { items: raw, unclosed } = splitItems(line);
  if (unclosed) return { problem: "invitations.line.unclosedQuote" };
  const items = raw.filter((s) => s !== "");
  if (items.length === 0) return { people: [] };
  const withAt = items.filter(hasAt);
  if (withAt.length === 0) return { problem: "invitations.line.missingEmail" };
  const listForm = /<[^<>]*@[^<>]*>/.test(line);
  if (listForm || withAt.length === items.length) {
    // an address list: an unquoted "Kjær, Hanne <...>" was split at its comma, so a piece without an address joins the next
    const joined: string[] = [];
    let pending = "";
    for (const item of items) {
      if (!hasAt(item)) {
        if (!listForm) return { problem: "invitations.line.secondAddress" };
        pending = pending ? `${pending}, ${item}` : item;
        continue;
      }
      joined.push(pending ? `${pending}, ${item}` : item);
      pending = "";
    }
    if (pending) return { problem: "invitations.line.invalidName" };
    const people = [];
    for (const item of joined) {
      const read = readAddressItem(item);
      if (typeof read === "string") return { problem: read };
      people.push({ ...read, locale: null });
    }
    return { people };
  }
  // a row: one address, a name and perhaps a language, in any order
  if (withAt.length > 1) return { problem: "invitations.line.secondAddress" };
  const rest = items.filter((s) => !hasAt(s)).map(unquote);
  const languageAt = rest.length > 1 ? rest.findIndex((s) => localeFromCell(s) !== null) : -1;
  const locale = languageAt >= 0 ? localeFromCell(rest[languageAt]!) : null;
  const names = rest.filter((_, i) => i !== languageAt);
  if (names.length > 1) return { problem: "invitations.line.tooManyFields" };
  const read = checkPerson(names[0] ?? "", unquote(withAt[0]!));
  if (typeof read === "string") return { problem: read };
  return { people: [{ ...read, locale }] };
}

class Collector {
  people: ListedPerson[] = [];
  errors: BadLine[] = [];
  duplicates: Duplicate[] = [];
  private seen = new Set<string>();
  add(person: { name: string; email: string; locale: "da" | "en" | null }, line: number) {
    if (this.seen.has(person.email)) {
      this.duplicates.push({ line, name: person.name, email: person.email });
      return;
    }
    this.seen.add(person.email);
    this.people.push({ ...person, line });
  }
  bad(line: number, problem: LineProblem, raw: string) {
    this.errors.push({ line, problem, text: shownLine(raw) });
  }
  result(): RecipientParse {
    return { people: this.people, errors: this.errors, duplicates: this.duplicates };
  }
}

/** Guesses the columns of table rows: from a header row when there is one, else from what the cells hold. */
export function guessMapping(rows: string[][]): { mapping: ColumnMapping | null; header: boolean } {
  const first = rows.find((r) => r.some((c) => c.trim() !== ""));
  if (!first) return { mapping: null, header: false };
  const named = first.map(headerColumn);
  if (!first.some(hasAt) && named.includes("email")) {
    const at = (c: Column) => (named.indexOf(c) >= 0 ? named.indexOf(c) : null);
    return { mapping: { email: named.indexOf("email"), name: at("name"), language: at("language") }, header: true };
  }
  const sample = rows.slice(0, 50);
  const width = Math.max(...sample.map((r) => r.length));
  const score = (i: number, test: (s: string) => boolean) => sample.filter((r) => r[i] !== undefined && test(r[i]!)).length;
  let email = -1;
  let best = 0;
  for (let i = 0; i < width; i++) {
    const s = score(i, hasAt);
    if (s > best) [email, best] = [i, s];
  }
  if (email < 0) return { mapping: null, header: false };
  let language: number | null = null;
  for (let i = 0; i < width; i++) if (i !== email && score(i, (s) => localeFromCell(s) !== null) > 0 && score(i, (s) => s.trim() !== "" && localeFromCell(s) === null) <= 1) language = i;
  let name: number | null = null;
  for (let i = 0; i < width && name === null; i++) if (i !== email && i !== language && score(i, (s) => s.trim() !== "") > 0) name = i;
  // a first row without an address above rows with addresses is a header we could not read word for word
  const header = !first.some(hasAt) && rows.length > 1;
  return { mapping: { email, name, language }, header };
}

/**
 * Rows of a table (pasted from a spreadsheet or read from a file) by a column mapping. `firstLine` is the line (or
 * row) number of rows[0], so the report points at the row staff see in their sheet.
 */
export function parseTable(rows: string[][], mapping: ColumnMapping, header: boolean, firstLine = 1): RecipientParse {
  const out = new Collector();
  rows.slice(0, MAX_INPUT_LINES).forEach((row, i) => {
    const line = firstLine + i;
    if ((header && i === 0) || row.every((c) => c.trim() === "")) return;
    const cell = (at: number | null) => (at === null ? "" : (row[at] ?? "").trim());
    const email = cell(mapping.email);
    const read = checkPerson(cell(mapping.name), email);
    if (typeof read === "string") return out.bad(line, read, row.join("\t"));
    out.add({ ...read, locale: localeFromCell(cell(mapping.language)) }, line);
  });
  return out.result();
}

/** Splits spreadsheet text (tabs between cells, a quoted cell may hold a line break as Excel copies it). */
function tsvRows(text: string): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const row: string[] = [];
    const start = line;
    let cell = "";
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"' && cell === "") {
        const close = text.indexOf('"', i + 1);
        let j = i + 1;
        let value = "";
        // a quoted cell: doubled quotes are one quote
        while (close >= 0 && j < text.length) {
          if (text[j] === '"' && text[j + 1] === '"') {
            value += '"';
            j += 2;
          } else if (text[j] === '"') break;
          else {
            if (text[j] === "\n") line++;
            value += text[j];
            j++;
          }
        }
        if (close < 0 || j >= text.length || !/^[\t\r\n]?$/.test(text[j + 1] ?? "")) {
          cell += c;
          continue;
        }
        cell = value;
        i = j;
        continue;
      }
      if (c === "\t") {
        row.push(cell);
        cell = "";
        continue;
      }
      if (c === "\r" || c === "\n") break;
      cell += c;
    }
    row.push(cell);
    if (text[i] === "\r" && text[i + 1] === "\n") i += 2;
    else i++;
    rows.push(row);
    lines.push(start);
    line++;
  }
  return { rows, lines };
}

/**
 * Reads the paste box. If any line holds a tab the text is a spreadsheet selection (columns guessed, a header row
 * used when present); otherwise each line is an address list, a name;email row or an address. A first line
 * without any address is a header and skipped.
 */
export function parseRecipients(input: string): RecipientParse {
  const text = input.slice(0, MAX_INPUT_CHARS).replace(/^\uFEFF/, "");
  const parts = text.split(/(\r\n|\r|\n)/);
  const rawLines = parts.filter((_, i) => i % 2 === 0).slice(0, MAX_INPUT_LINES);
  const breaks = parts.filter((_, i) => i % 2 === 1);
  if (rawLines.some((l) => l.includes("\t"))) {
    const { rows, lines } = tsvRows(text);
    const { mapping, header } = guessMapping(rows);
    if (!mapping) {
      const out = new Collector();
      rows.forEach((r, i) => r.some((c) => c.trim()) && out.bad(lines[i]!, "invitations.line.missingEmail", r.join("\t")));
      return out.result();
    }
    const firstData = rows.findIndex((r) => r.some((c) => c.trim() !== ""));
    const result = parseTable(rows.slice(firstData), mapping, header, 1);
    // row numbers back to line numbers (a quoted cell may span lines)
    const lineOf = (n: number) => lines[firstData + n - 1] ?? n;
    return {
      people: result.people.map((p) => ({ ...p, line: lineOf(p.line) })),
      errors: result.errors.map((e) => ({ ...e, line: lineOf(e.line) })),
      duplicates: result.duplicates.map((d) => ({ ...d, line: lineOf(d.line) })),
    };
  }
  const out = new Collector();
  let first = true;
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i]!;
    if (raw.trim() === "") continue;
    if (first && !hasAt(raw)) {
      first = false;
      continue; // a header
    }
    first = false;
    const read = readLine(raw);
    if (!("problem" in read)) {
      for (const p of read.people) out.add(p, i + 1);
      continue;
    }
    // a quote that closes on a later line is a value holding a line break (as a CSV file has it): one bad record
    const record = read.problem === "invitations.line.unclosedQuote" ? quotedAcrossLines(rawLines, breaks, i) : null;
    if (record) {
      out.bad(i + 1, "invitations.line.lineBreak", record.text);
      i = record.last;
    } else out.bad(i + 1, read.problem, raw);
  }
  return out.result();
}

/** The lines from `start` joined (with their own line breaks) up to the one that closes its open quote, if one does soon. */
function quotedAcrossLines(lines: string[], breaks: string[], start: number): { text: string; last: number } | null {
  let text = lines[start]!;
  for (let k = start + 1; k < lines.length && k <= start + MAX_QUOTED_LINES; k++) {
    text += (breaks[k - 1] ?? "\n") + lines[k]!;
    if (!splitItems(text).unclosed) return { text, last: k };
  }
  return null;
}

/** A small CSV reader for uploads: `;` or `,` (whichever the first line has more of), RFC 4180 quotes. */
export function csvRows(input: string): string[][] {
  const text = input.replace(/^\uFEFF/, "");
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) && firstLine.includes(";") ? ";" : firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
      continue;
    }
    if (c === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (c === delimiter) {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      if (rows.length >= MAX_INPUT_LINES) return rows;
    } else cell += c;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
