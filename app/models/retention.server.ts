import type { ScheduledTask } from "~/lib/scheduled.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import type { Vars } from "~/lib/i18n";
import { KEEP_SENT_MAIL_DAYS, purgeSentMail } from "~/lib/mail-worker.server";
import { limits, pruneRateLimits } from "~/lib/rate-limit.server";
import type { MessageKey } from "~/locales";
import { FREE_TEXT_KEEP_DAYS, clearOldFreeText } from "./evaluation-results.server";
import { UNCONFIRMED_KEEP_DAYS, deleteUnconfirmedApplications } from "./forum-applications.server";
import { INVITATIONS_KEEP_DAYS, deleteOldInvitations } from "./invitation-retention.server";
import { DATA_ACCESS_KEEP_MS, DATA_ACCESS_MS, deleteOldDataAccessTokens } from "./data-access.server";
import { DELETE_AFTER_DAYS as REGISTRATIONS_KEEP_DAYS, deleteOldRegistrations } from "./registration-retention.server";

/**
 * Deletion on a schedule, as one list of rules (docs/decisions/0020-your-data-for-anyone.md): the worker runs each
 * rule's `run` (app/lib/scheduled.server.ts makes the tasks from this list) and the privacy page shows the same list
 * as its table, so the page cannot say one period while the job uses another. A rule deletes what has reached its
 * period at `now` and nothing younger (test/privacy/retention.test.ts checks every rule at its boundary).
 */
type RetentionRule = {
  /** also the scheduled task's name */
  id: string;
  /** what goes */
  what: MessageKey;
  /** how long after `from` it goes */
  periodMs: number;
  /** the moment the period counts from */
  from: MessageKey;
  fromVars?: () => Vars;
  /** why it is kept that long */
  reason: MessageKey;
  everyMs: number;
  run: (now: Date) => Promise<unknown>;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A used or expired one-time link (password reset, invitations) is kept a day, so its page can say it ran out. */
const AUTH_TOKEN_KEEP_MS = DAY;

export const retentionRules: RetentionRule[] = [
  {
    id: "delete-old-registrations",
    what: "privacy.ret.registrations",
    periodMs: REGISTRATIONS_KEEP_DAYS * DAY,
    from: "privacy.from.eventEnd",
    reason: "privacy.why.registrations",
    everyMs: HOUR,
    run: (now) => deleteOldRegistrations(now),
  },
  {
    id: "invitations-delete-old",
    what: "privacy.ret.invitations",
    periodMs: INVITATIONS_KEEP_DAYS * DAY,
    from: "privacy.from.eventEnd",
    reason: "privacy.why.invitations",
    everyMs: HOUR,
    run: (now) => deleteOldInvitations(now),
  },
  {
    id: "evaluations-clear-free-text",
    what: "privacy.ret.evaluationFreeText",
    periodMs: FREE_TEXT_KEEP_DAYS * DAY,
    from: "privacy.from.eventEnd",
    reason: "privacy.why.evaluationFreeText",
    everyMs: HOUR,
    run: (now) => clearOldFreeText(now),
  },
  {
    id: "forum-delete-unconfirmed",
    what: "privacy.ret.unconfirmed",
    periodMs: UNCONFIRMED_KEEP_DAYS * DAY,
    from: "privacy.from.applied",
    reason: "privacy.why.unconfirmed",
    everyMs: HOUR,
    run: (now) => deleteUnconfirmedApplications(now),
  },
  {
    id: "purge-sent-mail",
    what: "privacy.ret.mail",
    periodMs: KEEP_SENT_MAIL_DAYS * DAY,
    from: "privacy.from.sent",
    reason: "privacy.why.mail",
    everyMs: HOUR,
    run: (now) => purgeSentMail(now),
  },
  {
    id: "delete-expired-sessions",
    what: "privacy.ret.sessions",
    periodMs: 0,
    from: "privacy.from.sessionEnd",
    fromVars: () => ({ idle: env().SESSION_IDLE_HOURS, max: env().SESSION_MAX_HOURS }),
    reason: "privacy.why.sessions",
    everyMs: HOUR,
    run: (now) => db.session.deleteMany({ where: { expiresAt: { lte: now } } }),
  },
  {
    id: "delete-expired-one-time-links",
    what: "privacy.ret.authTokens",
    periodMs: AUTH_TOKEN_KEEP_MS,
    from: "privacy.from.linkExpired",
    reason: "privacy.why.authTokens",
    everyMs: HOUR,
    run: (now) => db.authToken.deleteMany({ where: { expiresAt: { lte: new Date(now.getTime() - AUTH_TOKEN_KEEP_MS) } } }),
  },
  {
    id: "delete-data-access-links",
    what: "privacy.ret.dataAccess",
    periodMs: DATA_ACCESS_KEEP_MS,
    from: "privacy.from.requested",
    fromVars: () => ({ hours: DATA_ACCESS_MS / 3600_000 }),
    reason: "privacy.why.dataAccess",
    everyMs: HOUR,
    run: (now) => deleteOldDataAccessTokens(now),
  },
  {
    id: "prune-rate-limits",
    what: "privacy.ret.rateLimits",
    periodMs: Math.max(...Object.values(limits).map((l) => l.windowMs)),
    from: "privacy.from.attempt",
    reason: "privacy.why.rateLimits",
    everyMs: 10 * MINUTE,
    run: (now) => pruneRateLimits(now),
  },
];

/** What an erasure keeps, and why (the staff page shows it before and after; the privacy page lists it). */
export const keptOnErasure = [
  { table: "CharterSignature", what: "privacy.kept.signature", reason: "privacy.keptWhy.signature" },
  { table: "EmailOptOut", what: "privacy.kept.optOut", reason: "privacy.keptWhy.optOut" },
] as const satisfies readonly { table: string; what: MessageKey; reason: MessageKey }[];

type PeriodUnit = "minutes" | "hours" | "days";

/** A period in the largest whole unit, a single day as 24 hours: 90 days, 48 hours, 10 minutes; 0 is "at once". */
export function periodParts(ms: number): { count: number; unit: PeriodUnit } {
  if (ms % DAY === 0 && ms >= 2 * DAY) return { count: ms / DAY, unit: "days" };
  if (ms % HOUR === 0 && ms >= HOUR) return { count: ms / HOUR, unit: "hours" };
  return { count: Math.round(ms / MINUTE), unit: "minutes" };
}

/** The privacy page's table: one row per rule, in the order the rules are listed. */
export function retentionTable() {
  return retentionRules.map((rule) => ({
    id: rule.id,
    what: rule.what,
    period: periodParts(rule.periodMs),
    from: rule.from,
    fromVars: rule.fromVars?.() ?? {},
    reason: rule.reason,
  }));
}

/** Deletion on a schedule: one task per retention rule (the privacy page shows the same list). */
export const retentionTasks: ScheduledTask[] = retentionRules.map((rule) => ({ name: rule.id, everyMs: rule.everyMs, run: rule.run }));
