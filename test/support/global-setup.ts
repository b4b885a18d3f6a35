import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureTemplateDb, tmpDir } from "./db";

// Migrate once; every test file then starts from a copy of this database.
export default function setup() {
  ensureTemplateDb();
  return () => {
    for (const f of readdirSync(tmpDir)) {
      if (f.startsWith(`unit-`) && f.includes(`-${process.pid}-`)) rmSync(path.join(tmpDir, f), { force: true });
    }
  };
}
