import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { ensureTemplateDb, tmpDir } from "./db";

// Migrate once; every test then starts from a copy of this database (test/support/setup-file.ts).
export default function setup() {
  ensureTemplateDb();
  // Each file removes its own database after its last test; what a killed run left behind goes here once an hour old.
  return () => {
    const hourAgo = Date.now() - 3600_000;
    for (const f of readdirSync(tmpDir)) {
      const file = path.join(tmpDir, f);
      if (!/^(unit|e2e)-.*\.db/.test(f)) continue;
      try {
        if (statSync(file).mtimeMs < hourAgo) rmSync(file, { force: true });
      } catch {
        /* removed by its own run meanwhile */
      }
    }
  };
}
