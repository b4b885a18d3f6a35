import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient, type Prisma } from "~/generated/prisma/client";
import { env } from "./env.server";

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

type Connection = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

const globalForDb = globalThis as unknown as {
  __vinkDb?: PrismaClient;
  __vinkDbReady?: Promise<void>;
  __vinkConnection?: Promise<Connection>;
  __vinkReader?: { connection: Database.Database; statements: Map<string, Database.Statement> };
};

function createClient() {
  // busy timeout: a second process (the worker run alone) waits for the lock instead of failing
  const adapter = new PrismaBetterSQLite3({ url: env().DATABASE_URL, timeout: 5000 });
  return new PrismaClient({ adapter: env().NODE_ENV === "test" ? reopenable(adapter) : adapter });
}

/**
 * Under test the client's connection can be closed and opened again on a new file (`reopenDbForTests`) without a
 * new client: a new PrismaClient, or $disconnect and $connect, starts the query engine afresh (~30 ms, every query
 * compiled again), which per test would cost more than the rest of the reset. The client holds a stand-in that hands
 * each call to the connection of the moment, opened on first use.
 */
function reopenable(factory: PrismaBetterSQLite3): Pick<PrismaBetterSQLite3, "provider" | "adapterName" | "connect"> {
  const connection = () => (globalForDb.__vinkConnection ??= factory.connect());
  const info = { provider: factory.provider, adapterName: factory.adapterName } as const;
  return {
    ...info,
    connect: async (): Promise<Connection> => ({
      ...info,
      queryRaw: async (query) => (await connection()).queryRaw(query),
      executeRaw: async (query) => (await connection()).executeRaw(query),
      executeScript: async (script) => (await connection()).executeScript(script),
      startTransaction: async (isolationLevel) => (await connection()).startTransaction(isolationLevel),
      dispose: () => closeConnection(),
    }),
  };
}

async function closeConnection() {
  globalForDb.__vinkReader?.connection.close();
  globalForDb.__vinkReader = undefined;
  const open = globalForDb.__vinkConnection;
  globalForDb.__vinkConnection = undefined;
  globalForDb.__vinkDbReady = undefined;
  await (await open)?.dispose();
}

export const db: PrismaClient = (globalForDb.__vinkDb ??= createClient());

/**
 * The reads every view of a busy page makes (the session behind a cookie, the staff home's figures, the list of
 * events) run as prepared statements on a read-only connection of their own: synchronous and some 10–70 µs, where a
 * Prisma query costs ~0.5 ms of CPU even as `$queryRaw`, and waits behind other requests' queries
 * (docs/decisions/0030-frame-cost.md). WAL: the connection sees every commit at once, as a query outside a transaction
 * does, so it is never for a read inside a transaction, and writes never go here. Opened on first use; follows
 * `reopenDbForTests`.
 */
function readStatement(sql: string): Database.Statement {
  const reader = (globalForDb.__vinkReader ??= {
    connection: new Database(databaseFile(), { readonly: true, fileMustExist: true, timeout: 5000 }),
    statements: new Map(),
  });
  let statement = reader.statements.get(sql);
  if (!statement) reader.statements.set(sql, (statement = reader.connection.prepare(sql)));
  return statement;
}

/** One row of a plain SQL read on the read-only connection (above); values come as SQLite holds them. */
export function readRow<Row>(sql: string, ...params: unknown[]): Row | undefined {
  return readStatement(sql).get(...params) as Row | undefined;
}

type ColumnKinds<Row> = Partial<Record<keyof Row & string, "date" | "boolean">>;

/**
 * The rows of a `Prisma.sql` query on the read-only connection (above), its values bound as Prisma's adapter writes
 * them (a date as ISO text, a boolean as 0 or 1). SQLite gives DateTime and Boolean columns back as text and 0/1, so
 * the query names the columns to turn into a Date or a boolean; counts come as numbers.
 */
export function readRows<Row>(query: Prisma.Sql, kinds: ColumnKinds<Row> = {}): Row[] {
  const rows = readStatement(query.sql).all(...query.values.map(bindable)) as Record<string, unknown>[];
  const columns = Object.entries(kinds) as [string, "date" | "boolean"][];
  if (columns.length) {
    for (const row of rows) {
      for (const [column, kind] of columns) {
        const value = row[column];
        if (value === null || value === undefined) continue;
        row[column] = kind === "date" ? sqliteDate(value as string | number) : Boolean(value);
      }
    }
  }
  return rows as Row[];
}

function bindable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** A DateTime as Prisma's SQLite adapter writes it (ISO 8601 text, or epoch milliseconds), or SQLite's own UTC text. */
export function sqliteDate(value: string | number): Date {
  if (typeof value === "number") return new Date(value);
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value) ? `${value.replace(" ", "T")}Z` : value);
}

/** The SQLite file DATABASE_URL names. */
function databaseFile(): string {
  return path.resolve(env().DATABASE_URL.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** WAL for readers beside a writer, foreign keys on; run once before the first query that matters. */
export function prepareDb(): Promise<void> {
  globalForDb.__vinkDbReady ??= (async () => {
    await db.$queryRaw`PRAGMA journal_mode = WAL`;
    await db.$executeRaw`PRAGMA foreign_keys = ON`;
    await db.$executeRaw`PRAGMA synchronous = NORMAL`;
  })();
  return globalForDb.__vinkDbReady;
}

/**
 * Tests only (test/support/setup-file.ts gives each test a fresh database): closes the connection under `db`, runs
 * `replace` while no connection is open (it puts a new copy of the template at DATABASE_URL), and prepares the next
 * connection as the server does. `db` stays the same object everywhere it was imported.
 */
export async function reopenDbForTests(replace: () => void) {
  if (env().NODE_ENV !== "test") throw new Error("reopenDbForTests is for tests only");
  // the file is thrown away: closing need not wait for the disk
  await (await globalForDb.__vinkConnection)?.executeScript("PRAGMA synchronous = OFF");
  await closeConnection();
  replace();
  await prepareDb();
}
