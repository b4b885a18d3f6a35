import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { audit } from "~/lib/audit.server";
import { db } from "~/lib/db.server";
import { formatDate, timeZone, translate, type Locale } from "~/lib/i18n";
import { answerText, questionsOf } from "./event-options";
import { getParticipants } from "./participants.server";

/** The participants list as a CSV file for Excel, and the cell rules any export of personal data follows. */

/**
 * Danish Excel opens this as it is: semicolons, UTF-8 with BOM, and no cell that Excel would run as a formula. Every
 * line of a cell is neutralised, not only its first: a comment's second line is a cell of its own to any reader that
 * splits on line breaks (and to Excel, if the quoting is ever lost).
 */
export function neutraliseCell(value: string): string {
  return value.replace(/(?<=^|[\r\n])(?=[=+\-@\t\r])/g, "'");
}

/** "2026-12-16 17:00" in Copenhagen time: Excel (Danish or English) reads it as a date and time it can sort. */
function csvDateTime(at: Date): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm");
}

/** The export is personal data leaving the portal: it is audited. */
export async function participantsCsv({ eventId, actorId, locale }: { eventId: string; actorId: string | null; locale: Locale }) {
  const event = await db.event.findUnique({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
  if (!event) return null;
  await audit(db, { actorId, action: "event.export", entityType: "Event", entityId: eventId });
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const questions = questionsOf(event);
  const rows = await getParticipants(eventId);
  const header = [
    t("events.csvStatus"),
    t("events.csvName"),
    t("events.csvPeople"),
    t("events.csvEmail"),
    t("events.csvPhone"),
    t("events.csvGroupSize"),
    t("events.csvOrganisation"),
    ...questions.map((q) => t(`events.question.${q}`)),
    t("events.csvCreated"),
    ...event.sessions.map((s) => `${t("events.csvPresent")} ${formatDate(locale, s.startsAt, "date")}`),
  ];
  const body = rows.map((r) => [
    t(`events.registrationStatus.${r.status}`),
    r.name,
    r.people.join(", "),
    r.email,
    r.phone ?? "",
    String(r.groupSize),
    r.organisationName ?? "",
    ...questions.map((q) => answerText(locale, q, r.answers[q])),
    csvDateTime(r.createdAt),
    ...event.sessions.map((s) => (r.present[s.id] === undefined ? "" : r.present[s.id] ? t("events.yes") : t("events.no"))),
  ]);
  const csv = stringify([header, ...body].map((row) => row.map((cell) => neutraliseCell(cell))), {
    delimiter: ";",
    record_delimiter: "\r\n",
    // RFC 4180: a field with a line break is quoted; csv-stringify quotes only the record delimiter itself (CRLF)
    quoted_match: /[\r\n]/,
  });
  return { filename: `deltagere-${event.slug}.csv`, content: `\uFEFF${csv}` };
}
