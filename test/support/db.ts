import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export const root = path.resolve(import.meta.dirname, "../..");
export const tmpDir = path.join(root, ".tmp");
const migrationsDir = path.join(root, "prisma/migrations");

function migrationFiles() {
  return readdirSync(migrationsDir)
    .filter((d) => /^\d+_/.test(d))
    .sort()
    .map((d) => path.join(migrationsDir, d, "migration.sql"));
}

/** The template is named by the migrations' content, so runs side by side never overwrite each other's. */
export function templateDbPath() {
  const hash = createHash("sha256");
  for (const f of migrationFiles()) hash.update(f).update(readFileSync(f));
  return path.join(tmpDir, `template-${hash.digest("hex").slice(0, 16)}.db`);
}

export function ensureTemplateDb() {
  const file = templateDbPath();
  if (existsSync(file)) return file;
  const partial = `${file}.${process.pid}.partial`;
  createMigratedDb(partial);
  renameSync(partial, file);
  for (const suffix of ["-wal", "-shm"]) rmSync(partial + suffix, { force: true });
  return file;
}

/** Applies every committed migration, in order, to a new SQLite file: the schema a deployment has. */
export function createMigratedDb(file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  const sqlite = new Database(file);
  for (const f of migrationFiles()) sqlite.exec(readFileSync(f, "utf8"));
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
}

const sqliteFiles = (file: string) => ["", "-wal", "-shm", "-journal"].map((suffix) => file + suffix);

/** Removes a database with its WAL, shared-memory and journal files. */
export function removeDb(file: string) {
  for (const f of sqliteFiles(file)) rmSync(f, { force: true });
}

/**
 * Puts a new copy of the migrated template at `file`, in place of what was there. Call it with no connection open on
 * the file (a new file, not the old one overwritten: a connection somebody forgot keeps the old one, unharmed).
 */
export function replaceWithTemplate(file: string) {
  removeDb(file);
  copyFileSync(ensureTemplateDb(), file);
}

/** A fresh database for one test file (or one browser worker), copied from the migrated template. */
export function freshDbCopy(label: string): string {
  const file = path.join(tmpDir, `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.db`);
  copyFileSync(ensureTemplateDb(), file);
  return file;
}
