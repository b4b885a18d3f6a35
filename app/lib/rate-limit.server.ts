import { db } from "./db.server";

/**
 * Limits on anything that checks a password or sends mail. Hits are rows in the database, so a restart forgets
 * nothing. `hit` records one; `check` says whether the bucket is over its limit and for how long.
 */
export type Limit = { max: number; windowMs: number };

export const limits = {
  /**
   * Failed sign-ins (docs/decisions/0019-sign-in-throttle.md). A stranger can only ever lock out their own address:
   * - per account *and* address: 10, then that address may not try that account for a while;
   * - per address, whichever accounts: 30, wide for a shared network (a school, a mobile carrier's NAT);
   * - per account, from every address: 10 makes the account "under attack", which never blocks anyone but cuts
   *   each address's allowance on it to `loginUnderAttack`, so many addresses guess slowly and the owner, from an
   *   address that has not failed, still signs in with the right password at once.
   */
  login: { max: 10, windowMs: 10 * 60_000 },
  loginPerNetwork: { max: 30, windowMs: 10 * 60_000 },
  loginAccount: { max: 10, windowMs: 10 * 60_000 },
  loginUnderAttack: { max: 3, windowMs: 10 * 60_000 },
  /** forms that send mail, per recipient (and per signed-in sender) */
  mail: { max: 5, windowMs: 10 * 60_000 },
  /**
   * the same forms per network address: wider, because many people share one (a mobile carrier's NAT, a library,
   * a school, a course evening's wifi), and a relative must not be turned away because strangers signed up first
   */
  mailPerNetwork: { max: 30, windowMs: 10 * 60_000 },
} satisfies Record<string, Limit>;

export type Bucket = string | { bucket: string; limit: Limit };

/** The bucket for one form's mail from one network address, with the wider limit. */
export function networkBucket(form: string, clientIp: string): Bucket {
  return { bucket: `${form}:ip:${clientIp}`, limit: limits.mailPerNetwork };
}

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

/** Checks every bucket (a plain name has `fallback` as its limit); the first that is full answers. */
async function checkAll(buckets: Bucket[], fallback: Limit, now = new Date()) {
  for (const b of buckets) {
    const result = typeof b === "string" ? await check(b, fallback, now) : await check(b.bucket, b.limit, now);
    if (!result.ok) return result;
  }
  return { ok: true, retryAfterS: 0 };
}

/**
 * For a mail-sending form: refuses when any bucket is full, else records the attempt in each. A plain name has the
 * per-recipient limit (`limits.mail`); the sender's network address goes in as `networkBucket(form, ip)`.
 */
export async function consumeMailQuota(buckets: Bucket[], now = new Date()) {
  const result = await checkAll(buckets, limits.mail, now);
  if (result.ok) for (const b of buckets) await hit(typeof b === "string" ? b : b.bucket, now);
  return result;
}

export async function pruneRateLimits(now = new Date()) {
  const longest = Math.max(...Object.values(limits).map((l) => l.windowMs));
  await db.rateLimitHit.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - longest) } } });
}
