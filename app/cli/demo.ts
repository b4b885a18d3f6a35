/**
 * npm run demo
 * The portal with demo data on this machine, one command after `npm install`: builds the production bundle, makes a
 * fresh SQLite database at ./data/demo.db (unless DATABASE_URL is set; then that database is migrated and seeded once),
 * applies the migrations, seeds, prints the demo logins and starts the built server. The demo runs the production
 * build with NODE_ENV=development, so no SMTP server is needed: mail stays in the development mailbox at /dev/mail
 * (docs/decisions/0007-demo-mode.md). Honours PORT, APP_URL, DATABASE_URL and SMTP_URL.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

function fail(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(1);
}

function run(step: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  console.log(`\n▸ ${step}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) fail(`${step} failed`);
}

const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development" };
const port = env.PORT ?? "3000";
env.PORT = port;

run("Building the production bundle (npm run build)", "npm", ["run", "build"], { ...env, NODE_ENV: "production" });

if (!env.DATABASE_URL) {
  const file = path.join(root, "data/demo.db");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  env.DATABASE_URL = `file:${file}`;
  console.log(`\n▸ A fresh demo database: ${path.relative(root, file)}`);
} else {
  console.log(`\n▸ Using DATABASE_URL=${env.DATABASE_URL}`);
}

run("Applying the migrations (prisma migrate deploy)", process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], env);

console.log("\n▸ Seeding the demo data");
process.env.DATABASE_URL = env.DATABASE_URL;
process.env.NODE_ENV = "development";
const [{ seed }, { demoLogins }, { db, prepareDb }, { parseEnv }] = await Promise.all([
  import("../../prisma/seed"),
  import("../../prisma/seed/foundation"),
  import("~/lib/db.server"),
  import("~/lib/env.server"),
]);
let settings: ReturnType<typeof parseEnv>;
try {
  settings = parseEnv(env);
  await prepareDb();
  const { seeded } = await seed(db);
  if (!seeded) console.log("The database already has the demo data; it was left as it is.");
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  await db.$disconnect();
}

console.log(`
────────────────────────────────────────────────────────────────────
 VINK Portal demo: ${settings.APP_URL}
${demoLogins.map((l) => ` ${l.role === "ADMIN" ? "Admin" : "Staff"}: ${l.email}  password: ${l.password}  TOTP secret: ${l.totpSecret}`).join("\n")}
 Add a TOTP secret to any authenticator app (it asks for a "key" or "secret"), then sign in with its 6-digit code.
 Mail: ${settings.SMTP_URL ? "sent through SMTP_URL, and shown at" : "not sent; read it at"} ${settings.APP_URL}/dev/mail
 Stop with Ctrl+C.
────────────────────────────────────────────────────────────────────
`);

const server = spawn(process.execPath, [path.join(root, "app/server.js")], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
