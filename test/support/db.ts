import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export const root = path.resolve(import.meta.dirname, "../..");
export const tmpDir = path.join(root, ".tmp");
export const templateDb = path.join(tmpDir, "template.db");

/** Applies every committed migration, in order, to a new SQLite file: the schema a deployment has. */
export function createMigratedDb(file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  const dir = path.join(root, "prisma/migrations");
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  for (const name of readdirSync(dir).filter((d) => /^\d+_/.test(d)).sort()) {
    sqlite.exec(readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
  }
  sqlite.close();
}

/** A fresh database for one test file (or one browser worker), copied from the migrated template. */
export function freshDbCopy(label: string): string {
  const file = path.join(tmpDir, `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.db`);
  copyFileSync(templateDb, file);
  return file;
}
