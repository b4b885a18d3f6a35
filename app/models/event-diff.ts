import { translate, type Locale } from "~/lib/i18n";
import { sessionTime } from "./event-options";

/**
 * What a staff edit changed in an event, as the change mails tell it (to those registered and to those invited).
 * Pure: app/models/event-changes.server.ts sends the mails.
 */
/** A session as a change mail compares it: its times and where it is (its own place, else the event's). */
export type SessionState = { startsAt: Date; endsAt: Date; place: string | null };
/** What a staff edit changed, per session (kept, added: before null, removed: after null), in the new order. */
export type EventChanges = { sessions: { before: SessionState | null; after: SessionState | null }[]; onlineChanged: boolean };
export const NO_CHANGES: EventChanges = { sessions: [], onlineChanged: false };

/** The lines of a change mail, old → new, in the reader's language; the online link's only for those who have it. */
export function changeLines(locale: Locale, changes: EventChanges, withOnline: boolean): string[] {
  const t = (key: Parameters<typeof translate>[1], vars: Record<string, string | number>) => translate(locale, key, vars);
  const placeText = (s: SessionState) => s.place ?? translate(locale, "events.mailChangeNoPlace");
  const lines: string[] = [];
  let n = 0;
  for (const { before, after } of changes.sessions) {
    if (after) n++;
    if (before && after) {
      const was = sessionTime(locale, before);
      const is = sessionTime(locale, after);
      if (was !== is) lines.push(t("events.mailChangeTime", { n, before: was, after: is }));
      if (before.place !== after.place) lines.push(t("events.mailChangePlace", { n, before: placeText(before), after: placeText(after) }));
    } else if (after) {
      lines.push(t("events.mailChangeAdded", { after: [sessionTime(locale, after), after.place].filter(Boolean).join(", ") }));
    } else if (before) {
      lines.push(t("events.mailChangeRemoved", { before: sessionTime(locale, before) }));
    }
  }
  if (withOnline && changes.onlineChanged) lines.push(translate(locale, "events.mailChangeOnline"));
  return lines;
}

