import { existsSync } from "node:fs";
import path from "node:path";
import { ensureTemplateDb, root } from "../support/db";

export default function globalSetup() {
  const buildDir = process.env.VINK_BUILD_DIR ?? "build";
  if (!existsSync(path.join(root, buildDir, "server/index.js"))) {
    throw new Error(`No production build in ${buildDir}/: run \`npm run build\` first (npm test does).`);
  }
  ensureTemplateDb();
}
