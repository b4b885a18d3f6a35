import { publicFeed } from "~/lib/calendar.server";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { translate, type Locale } from "~/lib/i18n";
import { calendarInput } from "./event-options";
import { getActiveMembership } from "./membership.server";

/**
 * A member's personal calendar feed: a secret URL (256 random bits, only the hash stored) of the events their
 * organisation is registered for. Renewing replaces the token, so the old URL stops working at once. The feed holds
 * the discreet titles and no participant data, like the public feed. Its address is `urls.memberFeed(token)`.
 */

export async function getFeedInfo(userId: string) {
  const row = await db.calendarFeedToken.findUnique({ where: { userId }, select: { createdAt: true, lastUsedAt: true } });
  return row;
}

/** Makes a new secret URL for the user, revoking any earlier one; returns the token (shown once). */
export async function renewFeedToken(userId: string, now = new Date()): Promise<string> {
  const token = randomToken();
  await db.calendarFeedToken.upsert({
    where: { userId },
    create: { userId, tokenHash: hashToken(token), createdAt: now },
    update: { tokenHash: hashToken(token), createdAt: now, lastUsedAt: null },
  });
  return token;
}

/** The feed for a token, or null when the token is unknown or its user is no longer an active member. */
export async function memberFeedIcs(token: string, locale: Locale, now = new Date()): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db.calendarFeedToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return null;
  const membership = await getActiveMembership(row.userId);
  if (!membership) return null;
  const events = await db.event.findMany({
    where: {
      status: { in: ["PUBLISHED", "CANCELLED"] },
      registrations: { some: { organisationId: membership.organisationId, status: "REGISTERED" } },
      OR: [{ lastEndsAt: null }, { lastEndsAt: { gte: new Date(now.getTime() - 90 * 86_400_000) } }],
    },
    include: { sessions: { orderBy: { position: "asc" } } },
    orderBy: { firstStartsAt: "asc" },
    take: 500,
  });
  // at most one write an hour per feed, however often a calendar app polls
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 3600_000) {
    await db.calendarFeedToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return publicFeed(events.map(calendarInput), translate(locale, "invitations.feedName"), now);
}
