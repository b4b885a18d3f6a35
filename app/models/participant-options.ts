/** What the participants page and the messages page offer, shared by the pages and the models (no server code here). */

/** What staff can do to many registrations at once on the participants page. */
export const BULK_ACTIONS = ["attended", "to-waitlist", "to-list", "cancel"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** Whom a message to participants goes to. */
export const AUDIENCES = ["REGISTERED", "WAITLISTED", "BOTH"] as const;
export type Audience = (typeof AUDIENCES)[number];
