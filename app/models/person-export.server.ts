import { stringify } from "csv-stringify/sync";
import { audit } from "~/lib/audit.server";
import { db } from "~/lib/db.server";
import { collectPersonData, personRef, type PersonData } from "./person-data.server";
import { neutraliseCell } from "./participants-csv.server";

/** A person's data as files (GDPR Art. 20): JSON and a flat CSV, for the person's own link and for staff (audited). */

export function personJson(data: PersonData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** Flattens the data to rows of section; record; field; value (one table for any shape), for Danish Excel as the participant list is. */
export function personCsv(data: PersonData): string {
  const rows: string[][] = [["section", "record", "field", "value"]];
  const walk = (section: string, record: string, prefix: string, value: unknown) => {
    if (value === null || value === undefined || typeof value !== "object") {
      rows.push([section, record, prefix, value === null || value === undefined ? "" : String(value)]);
    } else if (Array.isArray(value)) {
      if (value.length === 0) rows.push([section, record, prefix, ""]);
      value.forEach((v, i) => walk(section, record, `${prefix}[${i}]`, v));
    } else {
      for (const [k, v] of Object.entries(value)) walk(section, record, prefix ? `${prefix}.${k}` : k, v);
    }
  };
  walk("person", "", "email", data.email);
  walk("person", "", "collectedAt", data.collectedAt);
  const sections = ["registrations", "invitations", "leftOutOfInvitations", "charterSignatures", "mail", "dataAccessLinks", "rateLimitRecords"] as const;
  for (const section of sections) data[section].forEach((row, i) => walk(section, String(i + 1), "", row));
  if (data.optOut) walk("optOut", "1", "", data.optOut);
  if (data.account) walk("account", "1", "", data.account);
  if (data.mentions) walk("mentions", "", "", data.mentions);
  const csv = stringify(rows.map((row) => row.map((cell) => neutraliseCell(cell))), { delimiter: ";", record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
  return `\uFEFF${csv}`;
}


type ExportFormat = "json" | "csv";

export function personExport(data: PersonData, format: ExportFormat) {
  const date = data.collectedAt.slice(0, 10);
  return format === "json"
    ? { filename: `mine-data-${date}.json`, contentType: "application/json; charset=utf-8", content: personJson(data) }
    : { filename: `mine-data-${date}.csv`, contentType: "text/csv; charset=utf-8", content: personCsv(data) };
}


/** A staff export is personal data leaving the portal: audited, under the pseudonymous reference. */
export async function staffPersonExport({ actorId, email, format }: { actorId: string; email: string; format: ExportFormat }, now = new Date()) {
  const { data } = await collectPersonData(email, now);
  await audit(db, { actorId, action: "person.export", entityType: "Person", entityId: personRef(email), details: { format } });
  return personExport(data, format);
}
