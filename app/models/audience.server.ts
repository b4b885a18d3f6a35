import { z } from "zod";
import type { LineProblem } from "./recipient-input";
import { isSingleAddress } from "~/lib/outbox.server";

/**
 * Lists of addresses that staff paste or upload (name;email or name,email, with or without a header line), and the
 * merging of every audience into one list of people. Nothing here sends anything: a list with a bad line is reported,
 * line by line, before any invitation exists.
 */
export type Person = { name: string; email: string; locale?: string | null; userId?: string | null; organisationId?: string | null };

export type LineError = { line: number; problem: LineProblem; text: string };

export type ParsedList = { people: Person[]; errors: LineError[]; duplicates: number; lines: number };

export const MAX_LIST_CHARS = 1_000_000;
export const MAX_LIST_LINES = 20_000;

type CsvRecord = { line: number; fields: string[]; raw: string; unclosed: boolean };

/**
 * Splits text into records, honouring double quotes: a quoted field may hold the delimiter, a doubled quote or even a
 * line break (which then makes the record invalid, and is reported at the line where the record starts).
 */
function records(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const start = i;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let wasQuoted = false;
    let delimiter: string | null = null;
    for (; i < n; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else {
          if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
          field += c;
        }
        continue;
      }
      if (c === '"' && field.trim() === "") {
        quoted = true;
        wasQuoted = true;
        field = "";
        continue;
      }
      if (c === "\r" || c === "\n") break;
      // The delimiter is whichever of ; and , comes first on the line; a ; line may still hold commas (a second address).
      if (c === ";" || (c === "," && delimiter !== ";")) {
        if (delimiter === null) delimiter = c;
        if (c === delimiter) {
          fields.push(wasQuoted ? field : field.trim());
          field = "";
          wasQuoted = false;
          continue;
        }
      }
      field += c;
    }
    fields.push(wasQuoted ? field : field.trim());
    const raw = text.slice(start, i);
    if (text[i] === "\r" && text[i + 1] === "\n") i += 2;
    else if (i < n) i++;
    out.push({ line: startLine, fields, raw, unclosed: quoted });
    line++;
  }
  return out;
}

// eslint-disable-next-line no-control-regex -- a name or an address may hold no control character at all
const controlChars = /[\u0000-\u001f\u007f\u2028\u2029]/;
const emailShape = z.string().email();

function looksLikeEmail(value: string) {
  return value.includes("@");
}

/** A line as staff will see it in the report: control characters made visible, shortened. */
function shown(raw: string) {
  return raw.replace(/\r/g, "␍").replace(/\n/g, "␊").replace(/\t/g, " ").slice(0, 120);
}

function checkRecord(record: CsvRecord): { person: Person } | { problem: LineProblem } {
  if (record.unclosed) return { problem: "invitations.line.unclosedQuote" };
  const fields = record.fields.map((f) => f.replace(/^\uFEFF/, ""));
  while (fields.length > 2 && fields[fields.length - 1] === "") fields.pop();
  let name: string;
  let email: string;
  if (fields.length === 1) {
    name = "";
    email = fields[0]!;
  } else if (fields.length === 2) {
    [name, email] = fields as [string, string];
  } else {
    // name,email,another@address is a second address; anything else is a line we do not understand
    return { problem: fields.slice(2).some(looksLikeEmail) || fields.filter(looksLikeEmail).length > 1 ? "invitations.line.secondAddress" : "invitations.line.tooManyFields" };
  }
  if (!email && looksLikeEmail(name)) [name, email] = ["", name];
  if (!email) return { problem: "invitations.line.missingEmail" };
  if (/[\r\n\u2028\u2029]/.test(email) || /[\r\n\u2028\u2029]/.test(name)) return { problem: "invitations.line.lineBreak" };
  if (/[,;\s]/.test(email.trim()) && (email.match(/@/g) ?? []).length > 1) return { problem: "invitations.line.secondAddress" };
  const address = email.trim().toLowerCase();
  if (!emailShape.safeParse(address).success || !isSingleAddress(address)) return { problem: "invitations.line.invalidEmail" };
  const cleanName = name.trim();
  if (controlChars.test(cleanName) || /[<>]/.test(cleanName) || cleanName.length > 120) return { problem: "invitations.line.invalidName" };
  return { person: { name: cleanName, email: address } };
}

/** Parses a pasted list or a CSV file. Blank lines are skipped; a first line without any address is a header. */
export function parseAddressList(text: string): ParsedList {
  const all = records(text.slice(0, MAX_LIST_CHARS)).slice(0, MAX_LIST_LINES);
  const nonBlank = all.filter((r) => r.raw.trim() !== "" && r.fields.some((f) => f.trim() !== ""));
  const first = nonBlank[0];
  const body = first && !first.unclosed && !first.fields.some(looksLikeEmail) ? nonBlank.slice(1) : nonBlank;
  const people: Person[] = [];
  const errors: LineError[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const record of body) {
    const result = checkRecord(record);
    if ("problem" in result) {
      errors.push({ line: record.line, problem: result.problem, text: shown(record.raw) });
      continue;
    }
    if (seen.has(result.person.email)) {
      duplicates++;
      continue;
    }
    seen.add(result.person.email);
    people.push(result.person);
  }
  return { people, errors, duplicates, lines: body.length };
}

/**
 * Merges audiences in order of how well each knows the person (a member's own name and language first), one entry
 * per address. Returns the merged list and how many entries were duplicates.
 */
export function mergeAudiences(...lists: Person[][]): { people: Person[]; duplicates: number } {
  const byEmail = new Map<string, Person>();
  let duplicates = 0;
  for (const list of lists) {
    for (const p of list) {
      const email = p.email.trim().toLowerCase();
      const existing = byEmail.get(email);
      if (existing) {
        duplicates++;
        if (!existing.name && p.name) existing.name = p.name;
        if (!existing.locale && p.locale) existing.locale = p.locale;
        continue;
      }
      byEmail.set(email, { ...p, email });
    }
  }
  return { people: [...byEmail.values()], duplicates };
}
