import { expect } from "vitest";
import { deliverDue } from "~/lib/mail-worker.server";
import type { EventInput } from "~/models/event-form";
import type { EventWithSessions } from "~/models/event-options";

/** Pushes the outbox until it is empty; nothing may fail. */
export async function deliverAll() {
  for (;;) {
    const { sent, failed } = await deliverDue({ limit: 500 });
    expect(failed).toBe(0);
    if (sent === 0) return;
  }
}

/** What staff's form would send back for an event as it is, with the sessions given (default: as they are). */
export function asInput(
  event: EventWithSessions,
  sessions = event.sessions.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt, placeAddress: s.placeAddress, placeRoom: s.placeRoom })),
): EventInput {
  return {
    kind: event.kind as EventInput["kind"],
    title: event.title,
    summary: event.summary,
    description: event.description,
    track: event.track,
    audience: event.audience as EventInput["audience"],
    visibility: event.visibility as EventInput["visibility"],
    placeAddress: event.placeAddress,
    placeRoom: event.placeRoom,
    onlineUrl: event.onlineUrl,
    languages: event.languages.split(","),
    capacity: event.capacity,
    waitlistEnabled: event.waitlistEnabled,
    questions: event.questions.split(",").filter(Boolean) as EventInput["questions"],
    calendarTitle: event.calendarTitle,
    registrationClosesAt: event.registrationClosesAt,
    registrationOpensAt: event.registrationOpensAt,
    sessions,
  };
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/**
 * The text a reader sees of an HTML mail, in order: <head> and <style> dropped, tags removed, entities decoded,
 * white space collapsed. With `preheader: false` the hidden preheader is dropped too.
 */
export function visibleText(html: string, options: { preheader: boolean } = { preheader: true }): string {
  let body = html.replace(/<head[\s\S]*?<\/head>/gi, "").replace(/<style[\s\S]*?<\/style>/gi, "");
  if (!options.preheader) body = body.replace(/<div data-preheader=""[^>]*>[\s\S]*?<\/div>/, "");
  return body
    .replace(/<[^>]+>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (entities[e.toLowerCase()] ?? m),
    )
    .replace(/[\s\u034f]+/g, " ")
    .trim();
}

/** The words of four or more letters in a text, lower-cased. */
export function longWords(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter(Boolean));
}

/** The words of `words` that occur (as whole words) in `text`. */
export function wordsIn(text: string, words: Set<string>): string[] {
  const found = longWords(text);
  return [...words].filter((w) => found.has(w));
}
