import { db } from "./db.server";

/**
 * Limits on anything that checks a password or sends mail. Hits are rows in the database, so a restart forgets
 * nothing. `hit` records one; `check` says whether the bucket is over its limit and for how long.
 */
export type Limit = { max: number; windowMs: number };

export const limits = {
  /** failed sign-ins per account and per address */
  login: { max: 10, windowMs: 10 * 60_000 },
  /** forms that send mail, per address and per recipient */
  mail: { max: 5, windowMs: 10 * 60_000 },
} satisfies Record<string, Limit>;

export async function check(bucket: string, limit: Limit, now = new Date()): Promise<{ ok: boolean; retryAfterS: number }> {
  const since = new Date(now.getTime() - limit.windowMs);
  const hits = await db.rateLimitHit.findMany({
    where: { bucket, createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (hits.length < limit.max) return { ok: true, retryAfterS: 0 };
  const oldest = hits[hits.length - limit.max]!.createdAt.getTime();
  return { ok: false, retryAfterS: Math.ceil((oldest + limit.windowMs - now.getTime()) / 1000) };
}

export async function hit(bucket: string, now = new Date()) {
  await db.rateLimitHit.create({ data: { bucket, createdAt: now } });
}

export async function clear(bucket: string) {
  await db.rateLimitHit.deleteMany({ where: { bucket } });
}

/** Checks every bucket; the first that is full answers. */
export async function checkAll(buckets: string[], limit: Limit, now = new Date()) {
  for (const bucket of buckets) {
    const result = await check(bucket, limit, now);
    if (!result.ok) return result;
  }
  return { ok: true, retryAfterS: 0 };
}

/** For a mail-sending form: refuses when over the limit, else records the attempt. */
export async function consumeMailQuota(buckets: string[], now = new Date()) {
  const result = await checkAll(buckets, limits.mail, now);
  if (result.ok) for (const b of buckets) await hit(b, now);
  return result;
}

export async function pruneRateLimits(now = new Date()) {
  const longest = Math.max(...Object.values(limits).map((l) => l.windowMs));
  await db.rateLimitHit.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - longest) } } });
}
