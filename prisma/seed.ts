/**
 * Demo data: `seed(db)` runs each area's seed in order. It runs once per database: a database that already has the
 * demo admin is left as it is, so running it again (or `npm run demo` with your own DATABASE_URL) changes nothing.
 * `npm run db:seed` seeds the database in DATABASE_URL. Production (`npm start`) never seeds.
 */
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "~/generated/prisma/client";
import { demoLogins, seedFoundation } from "./seed/foundation";
// ── Areas add their seed here, in order (each file exports `seedX(db)`): ──
import { seedForum } from "./seed/forum";
import { seedEvents } from "./seed/events";
import { seedStatus } from "./seed/status";

export async function seed(db: PrismaClient): Promise<{ seeded: boolean }> {
  const already = await db.user.findUnique({ where: { email: demoLogins[0].email }, select: { id: true } });
  if (already) return { seeded: false };
  await seedFoundation(db);
  // ── Areas call their seed here, after the foundation (users exist), in the order of the imports above: ──
  await seedForum(db);
  await seedEvents(db);
  await seedStatus(db);
  return { seeded: true };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { db, prepareDb } = await import("~/lib/db.server");
  try {
    await prepareDb();
    const { seeded } = await seed(db);
    console.log(seeded ? "Seeded the demo data." : "The database already has the demo data; nothing changed.");
  } catch (error) {
    console.error(`db:seed failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}
