/**
 * npm run db:migration -- <name>
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the schema the existing
 * migrations produce (kept in prisma/schema.migrated.prisma) and prisma/schema.prisma. This is the offline way:
 * `prisma migrate dev` needs a native engine that our registry does not have (docs/decisions/0002-prisma-6-offline.md).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name>   (lower-case letters, digits and _)");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "../..");
const current = path.join(root, "prisma/schema.prisma");
const migrated = path.join(root, "prisma/schema.migrated.prisma");
const sql = execFileSync(
  process.execPath,
  [
    path.join(root, "node_modules/prisma/build/index.js"),
    "migrate",
    "diff",
    "--from-schema-datamodel",
    migrated,
    "--to-schema-datamodel",
    current,
    "--script",
  ],
  { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!/\b(CREATE|ALTER|DROP|INSERT)\b/.test(sql)) {
  console.log("The schema has no changes that need a migration.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync(current, migrated);
console.log(`Wrote ${path.relative(root, dir)}/migration.sql — apply it with: npx prisma migrate deploy`);
