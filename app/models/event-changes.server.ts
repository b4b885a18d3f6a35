import type { Db } from "~/lib/db.server";
import { NO_CHANGES, type EventChanges } from "./event-diff";
import type { EventWithSessions } from "./event-options";
import { queueInvitationUpdates } from "./invitation-updates.server";
import { mailRegistrantsAboutCancellation, mailRegistrantsAboutChange } from "./registration-changes.server";

/**
 * Who hears of a change to a published event, named here rather than registered somewhere: the people registered
 * (and, for a cancellation, waiting), then everyone invited who has not declined and was not mailed already. Called
 * inside the staff edit's transaction, so the mails are queued with the change or not at all. Returns how many were
 * told.
 */
export async function eventChanged(tx: Db, event: EventWithSessions, now: Date, changes: EventChanges = NO_CHANGES): Promise<number> {
  const mailed = await mailRegistrantsAboutChange(tx, event, now, changes);
  const invited = await queueInvitationUpdates(tx, { event, kind: "changed", changes, now, alreadyMailed: mailed });
  return mailed.size + invited;
}

export async function eventCancelled(tx: Db, event: EventWithSessions, now: Date): Promise<number> {
  const mailed = await mailRegistrantsAboutCancellation(tx, event, now);
  const invited = await queueInvitationUpdates(tx, { event, kind: "cancelled", changes: NO_CHANGES, now, alreadyMailed: mailed });
  return mailed.size + invited;
}
