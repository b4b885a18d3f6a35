import { sha256Hex } from "~/lib/crypto.server";
import { db, type Db } from "~/lib/db.server";
import { normaliseEmail } from "~/lib/field-rules";

/**
 * Opting out of invitations. Only the SHA-256 of the lower-cased address is kept: enough to leave the address out of
 * later invitations, not a list of addresses. Confirmations, changes and cancellations are not affected.
 */
export const optOutHash = (email: string) => sha256Hex(normaliseEmail(email));

export async function optOut(email: string, tx: Db = db) {
  const emailHash = optOutHash(email);
  await tx.emailOptOut.upsert({ where: { emailHash }, create: { emailHash }, update: {} });
}

export async function isOptedOut(email: string, tx: Db = db): Promise<boolean> {
  return (await tx.emailOptOut.findUnique({ where: { emailHash: optOutHash(email) } })) !== null;
}

/** Which of these addresses have opted out (lower-cased addresses back). */
export async function optedOutSet(emails: string[], tx: Db = db): Promise<Set<string>> {
  const byHash = new Map(emails.map((e) => [optOutHash(e), normaliseEmail(e)]));
  const out = new Set<string>();
  const hashes = [...byHash.keys()];
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await tx.emailOptOut.findMany({ where: { emailHash: { in: hashes.slice(i, i + 500) } }, select: { emailHash: true } });
    for (const r of rows) out.add(byHash.get(r.emailHash)!);
  }
  return out;
}
