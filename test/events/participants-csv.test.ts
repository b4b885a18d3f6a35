import { describe, expect, it } from "vitest";
import { parseForm } from "~/lib/forms.server";
import { neutraliseCell, participantsCsv } from "~/models/participants-csv.server";
import { signupSchema } from "~/models/registration-form";
import { db } from "~/lib/db.server";
import { createEvent, createRegistration, createUser } from "../support/factories";

const T0 = new Date("2030-05-01T08:00:00Z");

/** RFC 4180 as Excel reads it: a quoted field may hold the delimiter, "" and line breaks; an unquoted one ends at any. */
function readCsv(text: string, delimiter = ";"): string[][] {
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
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      rows.push([...row, cell]);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (quoted) throw new Error("an unterminated quoted field");
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe("the participants CSV for Danish Excel", () => {
  it("keeps a comment with line breaks in one cell and neutralises every line of it that Excel would run", async () => {
    const staff = await createUser({ role: "STAFF" });
    const event = await createEvent({ capacity: 10, now: T0, questions: ["comment"] });
    const attack = "Hej\n=SUM(1+1)*CMD|' /C calc'!A0";
    const form = new FormData();
    for (const [k, v] of Object.entries({ name: "Mette Hansen", email: "mette@example.dk", groupSize: "1", comment: attack })) form.append(k, v);
    const parsed = parseForm(form, signupSchema);
    expect(parsed.ok && parsed.data.answers.comment).toBe(attack);
    if (!parsed.ok) return;
    await createRegistration(event.id, { ...parsed.data, now: T0 });
    await createRegistration(event.id, { name: "Bo", answers: { comment: "Første linje\r\n+45 1234\r\n@A1\n\t-1;\"x\"" }, now: T0 });
    await createRegistration(event.id, { name: "Ida", now: T0 });

    const csv = (await participantsCsv({ eventId: event.id, locale: "da", actorId: staff.id }))!;
    const rows = readCsv(csv.content.slice(1));
    expect(rows).toHaveLength(1 + 3);
    const width = rows[0]!.length;
    for (const row of rows) expect(row).toHaveLength(width);
    const comments = rows.slice(1).map((r) => r[rows[0]!.indexOf("Kommentar")]);
    expect(comments).toEqual(["Hej\n'=SUM(1+1)*CMD|' /C calc'!A0", "Første linje\r\n'+45 1234\r\n'@A1\n'\t-1;\"x\"", ""]);
    for (const cell of rows.flat()) for (const line of cell.split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^[=+\-@\t\r]/);
    // an unquoted field never holds a line break: no raw line of the file starts a formula either
    for (const line of csv.content.split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^[=+\-@\t]/);
  });

  it("neutralises the start of every line in a cell, and nothing else", () => {
    expect(neutraliseCell("Mette")).toBe("Mette");
    expect(neutraliseCell("a-b\n+c")).toBe("a-b\n'+c");
    expect(neutraliseCell("\r=x")).toBe("'\r'=x");
    expect(neutraliseCell("x\r\n\ty")).toBe("x\r\n'\ty");
  });

  it("writes when someone registered as 2026-12-16 17:00 in Copenhagen time, which Excel reads as a date", async () => {
    const staff = await createUser({ role: "STAFF" });
    const event = await createEvent({ capacity: 10, now: T0 });
    const winter = await createRegistration(event.id, { name: "Vinter", now: T0 });
    const summer = await createRegistration(event.id, { name: "Sommer", now: T0 });
    await db.registration.update({ where: { id: winter.registrationId }, data: { createdAt: new Date("2026-12-16T16:00:00Z") } });
    await db.registration.update({ where: { id: summer.registrationId }, data: { createdAt: new Date("2026-06-01T07:05:00Z") } });
    for (const locale of ["da", "en"] as const) {
      const csv = (await participantsCsv({ eventId: event.id, locale, actorId: staff.id }))!;
      expect(csv.content.startsWith("\uFEFF")).toBe(true);
      const rows = readCsv(csv.content.slice(1));
      const column = rows[0]!.indexOf(locale === "da" ? "Tilmeldt" : "Registered");
      expect(column).toBeGreaterThan(-1);
      const byName = new Map(rows.slice(1).map((r) => [r[1], r[column]]));
      expect(byName.get("Vinter")).toBe("2026-12-16 17:00");
      expect(byName.get("Sommer")).toBe("2026-06-01 09:05");
    }
  });
});
