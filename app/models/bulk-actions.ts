/** What staff can do to many registrations at once on the participants page (shared by the page and the model). */
export const BULK_ACTIONS = ["attended", "to-waitlist", "to-list", "cancel"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
