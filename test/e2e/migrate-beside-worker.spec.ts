import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { TEST_SECRET_KEY } from "../support/portal";
import { rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { root } from "../support/db";
import { freePort } from "../support/net";
import { expect, test } from "./fixtures";

const server = path.join(root, "app/server.js");

/** A process of ours, its output collected; stopped with SIGTERM. */
function start(args: string[], env: Record<string, string>) {
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => logs.push(String(d)));
  child.stderr!.on("data", (d) => logs.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    output: () => logs.join(""),
    exited,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

async function startServer(dbFile: string) {
  const port = await freePort();
  const app = start([server, "--migrate"], {
    NODE_ENV: "production",
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    SMTP_URL: "smtp://127.0.0.1:2525",
    MAIL_FROM: "VINK <vink@kk.dk>",
    SECRET_KEY: TEST_SECRET_KEY,
    DATABASE_URL: `file:${dbFile}`,
    START_WORKER: "false",
  });
  return { ...app, port };
}

function removeDb(dbFile: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(dbFile + suffix, { force: true });
}

test("npm start starts while `npm run worker` has the database open: the migrations are found applied", async () => {
  test.setTimeout(90_000);
  // a database as npm start leaves it: migrated by prisma migrate deploy, which records each migration
  const dbFile = path.join(root, ".tmp", `e2e-migrate-worker-${process.pid}-${Date.now()}.db`);
  const deployed = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${dbFile}` },
    encoding: "utf8",
  });
  expect(deployed.status, deployed.stderr).toBe(0);
  const worker = start(["--import", "tsx", "app/cli/worker.ts"], { NODE_ENV: "development", DATABASE_URL: `file:${dbFile}` });
  try {
    await expect.poll(worker.output, { timeout: 40_000 }).toContain("VINK worker running");
    const app = await startServer(dbFile);
    try {
      await expect.poll(app.output, { timeout: 40_000 }).toMatch(/VINK Portal at|cannot start/);
      expect(app.output()).not.toContain("cannot start");
      expect(app.output()).toContain("Database migrations: all applied");
      expect((await fetch(`http://localhost:${app.port}/readyz`)).status).toBe(200);
    } finally {
      const code = await app.stop();
      expect(code, app.output()).toBe(0);
    }
    expect(worker.output()).not.toMatch(/failed|Error/);
  } finally {
    await worker.stop();
    removeDb(dbFile);
  }
});

test("npm start applies pending migrations once the process that had the database open lets go (an overlapping restart)", async () => {
  test.setTimeout(90_000);
  const dbFile = path.join(root, ".tmp", `e2e-migrate-held-${process.pid}-${Date.now()}.db`);
  // the old server: a connection in WAL mode, as the portal opens it
  const old = new Database(dbFile);
  old.pragma("journal_mode = WAL");
  old.exec("CREATE TABLE written (x); DROP TABLE written;"); // a WAL database is one that has been written to
  const app = await startServer(dbFile);
  try {
    // it waits for the database rather than failing
    await expect.poll(app.output, { timeout: 40_000 }).toContain("waiting for another process to close the database");
    expect(app.output()).not.toContain("cannot start");
    old.close();
    await expect.poll(app.output, { timeout: 40_000 }).toMatch(/VINK Portal at|cannot start/);
    expect(app.output()).not.toContain("cannot start");
    expect(app.output()).toContain("All migrations have been successfully applied");
    expect((await fetch(`http://localhost:${app.port}/readyz`)).status).toBe(200);
    const sqlite = new Database(dbFile, { readonly: true });
    expect((sqlite.prepare("SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL").get() as { n: number }).n).toBeGreaterThan(0);
    sqlite.close();
  } finally {
    if (old.open) old.close();
    expect(await app.stop()).toBe(0);
    removeDb(dbFile);
  }
});
