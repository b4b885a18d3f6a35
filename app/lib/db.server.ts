import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "./env.server";

export type { Prisma } from "~/generated/prisma/client";
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** Either the client or a transaction client: functions that may join the caller's transaction take this. */
export type Db = PrismaClient | Tx;

/**
 * Every transaction begins IMMEDIATE, taking the write lock at once. The adapter begins DEFERRED: a transaction that
 * read before another process (a worker run on its own, a restart overlapping) committed can then not write after it,
 * and SQLite answers "database is locked" at once, without the busy timeout. IMMEDIATE makes the other process wait
 * instead (test/foundation/two-processes.test.ts). Within one process the adapter already runs one transaction at a time.
 */
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, source: string) {
  return prepare.call(this, source === "BEGIN" ? "BEGIN IMMEDIATE" : source);
} as typeof prepare;

function createClient() {
  // busy timeout: a second process (the worker run alone) waits for the lock instead of failing
  const adapter = new PrismaBetterSQLite3({ url: env().DATABASE_URL, timeout: 5000 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __vinkDb?: PrismaClient; __vinkDbReady?: Promise<void> };

export const db: PrismaClient = (globalForDb.__vinkDb ??= createClient());

/** WAL for readers beside a writer, foreign keys on; run once before the first query that matters. */
export function prepareDb(): Promise<void> {
  globalForDb.__vinkDbReady ??= (async () => {
    await db.$queryRaw`PRAGMA journal_mode = WAL`;
    await db.$executeRaw`PRAGMA foreign_keys = ON`;
    await db.$executeRaw`PRAGMA synchronous = NORMAL`;
  })();
  return globalForDb.__vinkDbReady;
}
