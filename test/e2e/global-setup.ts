import { existsSync } from "node:fs";
import path from "node:path";
import { createMigratedDb, root, templateDb } from "../support/db";

export default function globalSetup() {
  if (!existsSync(path.join(root, "build/server/index.js"))) {
    throw new Error("No production build: run `npm run build` first (npm test does).");
  }
  createMigratedDb(templateDb);
}
