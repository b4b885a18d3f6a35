import { DateTime } from "luxon";
import { z } from "zod";
import { hasControlChars, line, optionalLine, optionalText, type Messages } from "~/lib/field-rules";
import { timeZone } from "~/lib/i18n";
import { AUDIENCES, DEFAULT_CALENDAR_TITLE, DISCREET_CHOICES, EVENT_KINDS, EVENT_LANGUAGES, MAX_SESSIONS, QUESTIONS, VISIBILITIES, type EventKind, type Question } from "./event-options";

/**
 * The staff's event form: its schema (fields from app/lib/field-rules.ts, dates typed as Copenhagen wall-clock time),
 * the input it yields for createEvent/updateEvent (./events.server.ts), and the way back from a stored instant to the
 * form's inputs. Nothing here touches the database.
 */

/** The events area's messages for the shared field rules (the texts staff have always seen). */
const messages: Partial<Messages> = { tooLong: "events.errorTooLong" };

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** "2026-10-15" + "17:00" in Copenhagen → the UTC instant; null when not a real date and time. */
function copenhagenTime(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  return dt.isValid ? dt.toJSDate() : null;
}

function copenhagenDateTimeLocal(value: string | undefined): Date | null | "invalid" {
  if (!value) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (!m) return "invalid";
  return copenhagenTime(m[1]!, m[2]!) ?? "invalid";
}

/** For putting a stored instant back into the form's date/time inputs (Copenhagen wall-clock). */
export function toFormParts(d: Date) {
  const dt = DateTime.fromJSDate(d).setZone(timeZone);
  return { date: dt.toFormat("yyyy-MM-dd"), time: dt.toFormat("HH:mm"), local: dt.toFormat("yyyy-MM-dd'T'HH:mm") };
}

export const eventFormSchema = z
  .object({
    kind: z.enum(EVENT_KINDS, { errorMap: () => ({ message: "form.required" }) }),
    // "auto" (or nothing) leaves it to isDiscreetByDefault, so the right default needs no JavaScript in the form
    discreet: z
      .enum(DISCREET_CHOICES, { errorMap: () => ({ message: "form.invalid" }) })
      .optional()
      .transform((v) => (v === "yes" ? true : v === "no" ? false : undefined)),
    title: line({ max: 200, messages }),
    summary: line({ max: 500, messages }),
    description: optionalText({ max: 20_000, messages }),
    // one of the plan's tracks (./tracks.server.ts): the route checks the table, createEvent/updateEvent refuse others
    track: z.coerce.number().int().min(1, "form.required").max(99, "form.required"),
    audience: z.enum(AUDIENCES, { errorMap: () => ({ message: "form.required" }) }),
    visibility: z.enum(VISIBILITIES, { errorMap: () => ({ message: "form.required" }) }),
    placeAddress: optionalLine({ max: 300, messages }),
    placeRoom: optionalLine({ max: 200, messages }),
    placeDirections: optionalText({ max: 2000, messages }),
    placeAccessibility: optionalText({ max: 2000, messages }),
    onlineUrl: optionalLine({ max: 2000, messages }).refine((v) => v === null || /^https:\/\/[^\s]+$/.test(v), "events.errorHttps"),
    languages: list.refine((l) => l.length > 0, "events.errorLanguages").refine((l) => l.every((x) => (EVENT_LANGUAGES as readonly string[]).includes(x)), "form.invalid"),
    capacity: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^\d{1,5}$/.test(v), "events.errorCapacity")
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (v >= 1 && v <= 10_000), "events.errorCapacity"),
    registrationOpensAt: z.string().optional(),
    registrationClosesAt: z.string().optional(),
    waitlistEnabled: z.string().optional().transform((v) => v === "on"),
    questions: list.refine((l) => l.every((x) => (QUESTIONS as readonly string[]).includes(x)), "form.invalid"),
    calendarTitle: optionalLine({ max: 100, messages }).transform((v) => v ?? DEFAULT_CALENDAR_TITLE),
    "sessionId[]": list,
    "sessionDate[]": list,
    "sessionStart[]": list,
    "sessionEnd[]": list,
    "sessionAddress[]": list,
    "sessionRoom[]": list,
  })
  .transform((v, ctx) => {
    const opens = copenhagenDateTimeLocal(v.registrationOpensAt);
    const closes = copenhagenDateTimeLocal(v.registrationClosesAt);
    if (opens === "invalid") ctx.addIssue({ code: "custom", path: ["registrationOpensAt"], message: "events.errorDateTime" });
    if (closes === "invalid") ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "events.errorDateTime" });
    if (opens instanceof Date && closes instanceof Date && closes <= opens) {
      ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "events.errorClosesBeforeOpens" });
    }
    const sessions: SessionInput[] = [];
    const rows = Math.min(v["sessionDate[]"].length, MAX_SESSIONS);
    for (let i = 0; i < rows; i++) {
      const date = v["sessionDate[]"][i]?.trim() ?? "";
      const start = v["sessionStart[]"][i]?.trim() ?? "";
      const end = v["sessionEnd[]"][i]?.trim() ?? "";
      const address = v["sessionAddress[]"][i]?.trim() ?? "";
      const room = v["sessionRoom[]"][i]?.trim() ?? "";
      if (!date && !start && !end) continue; // an empty row
      const startsAt = copenhagenTime(date, start);
      const endsAt = copenhagenTime(date, end);
      if (!startsAt || !endsAt) {
        ctx.addIssue({ code: "custom", path: [`session-${i}`], message: "events.errorSessionTime" });
        continue;
      }
      if (endsAt <= startsAt) {
        ctx.addIssue({ code: "custom", path: [`session-${i}`], message: "events.errorSessionOrder" });
        continue;
      }
      if (address.length > 300 || room.length > 200 || hasControlChars(address) || hasControlChars(room)) {
        ctx.addIssue({ code: "custom", path: [`session-${i}`], message: "form.invalid" });
        continue;
      }
      sessions.push({ id: v["sessionId[]"][i] || undefined, startsAt, endsAt, placeAddress: address || null, placeRoom: room || null });
    }
    if (sessions.length === 0) ctx.addIssue({ code: "custom", path: ["session-0"], message: "events.errorNoSessions" });
    if (!v.placeAddress && !v.onlineUrl) ctx.addIssue({ code: "custom", path: ["placeAddress"], message: "events.errorPlace" });
    return {
      kind: v.kind,
      discreet: v.discreet,
      title: v.title,
      summary: v.summary,
      description: v.description ?? "",
      track: v.track,
      audience: v.audience,
      visibility: v.visibility,
      placeAddress: v.placeAddress,
      placeRoom: v.placeRoom,
      placeDirections: v.placeDirections,
      placeAccessibility: v.placeAccessibility,
      onlineUrl: v.onlineUrl,
      languages: v.languages,
      capacity: v.capacity,
      registrationOpensAt: opens instanceof Date ? opens : null,
      registrationClosesAt: closes instanceof Date ? closes : null,
      waitlistEnabled: v.waitlistEnabled,
      questions: v.questions as Question[],
      calendarTitle: v.calendarTitle,
      sessions,
    } satisfies EventInput;
  });

type SessionInput = { id?: string; startsAt: Date; endsAt: Date; placeAddress?: string | null; placeRoom?: string | null };

export type EventInput = {
  kind: EventKind;
  /** no word of the topic in its public address, tab title, calendar entries or mail openings; default from isDiscreetByDefault */
  discreet?: boolean;
  title: string;
  summary: string;
  description: string;
  track: number;
  audience: (typeof AUDIENCES)[number];
  visibility: (typeof VISIBILITIES)[number];
  placeAddress?: string | null;
  placeRoom?: string | null;
  placeDirections?: string | null;
  placeAccessibility?: string | null;
  onlineUrl?: string | null;
  languages: string[];
  capacity: number | null;
  registrationOpensAt?: Date | null;
  registrationClosesAt?: Date | null;
  waitlistEnabled: boolean;
  questions: Question[];
  calendarTitle?: string;
  sessions: SessionInput[];
};
