import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createMigratedDb, templateDb, tmpDir } from "./db";

// Migrate once; every test file then starts from a copy of this database.
export default function setup() {
  createMigratedDb(templateDb);
  return () => {
    for (const f of readdirSync(tmpDir)) if (/^unit-.*\.db/.test(f)) rmSync(path.join(tmpDir, f), { force: true });
  };
}
