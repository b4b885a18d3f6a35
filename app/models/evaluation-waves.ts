import type { EvaluationWave } from "~/generated/prisma/client";

/**
 * What every part of evaluations shares (docs/decisions/0026-evaluations.md): the two waves, when each is open, the
 * small-number limit, and the cleaning of typed text. No server code, so pages may import it.
 */

export const WAVES = ["START", "END"] as const satisfies readonly EvaluationWave[];
export type Wave = (typeof WAVES)[number];
export const SCALE = [1, 2, 3, 4, 5] as const;
/** Below this many answers no figure, distribution or comment of a wave is shown (issue 10: "< 5"). */
export const MIN_SHOWN = 5;
/** The end wave stays open this long after the last session ends. */
export const END_OPEN_DAYS = 14;
export const MAX_STATEMENTS = 12;

// eslint-disable-next-line no-control-regex -- removing control characters (line breaks kept) is the point
export const controlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;
export const clean = (v: string) => v.replace(controlChars, "").trim();

type EventTimes = { status: string; sessions: { startsAt: Date; endsAt: Date }[] };
type Asked = { askStart: boolean; askEnd: boolean };

/**
 * The start wave is open until the first session ends (a baseline, before the course has done its work); the end
 * wave from the start of the last session until END_OPEN_DAYS after it ends. A one-session event has both during it.
 */
export function openWaves(q: Asked, event: EventTimes, now: Date): Wave[] {
  const sessions = [...event.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const first = sessions[0];
  const last = sessions.at(-1);
  if (event.status !== "PUBLISHED" || !first || !last) return [];
  const waves: Wave[] = [];
  if (q.askStart && now < first.endsAt) waves.push("START");
  if (q.askEnd && now >= last.startsAt && now.getTime() < last.endsAt.getTime() + END_OPEN_DAYS * 86_400_000) waves.push("END");
  return waves;
}

/** The event's status and sessions, as openWaves needs them. */
export const withSessions = { event: { select: { id: true, title: true, status: true, sessions: { select: { startsAt: true, endsAt: true } } } } } as const;
