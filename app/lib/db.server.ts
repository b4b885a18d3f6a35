import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "./env.server";

export type { Prisma } from "~/generated/prisma/client";
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** Either the client or a transaction client: functions that may join the caller's transaction take this. */
export type Db = PrismaClient | Tx;

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
