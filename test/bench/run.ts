/**
 * npm run bench — requests per second and p99 latency of the production build, beside a bare node:http server and a
 * minimal Remix route served by the same Express + Remix setup (test/bench/minimal, a bench-only build), on the same
 * machine in the same run (absolute figures drift between machines; the ratios are what to compare:
 * docs/decisions/0030-frame-cost.md).
 * It prints figures and never fails on a speed target. Scenarios: test/bench/scenarios.ts.
 *
 * Settings: BENCH_DURATION (seconds per scenario, default 10), BENCH_CONNECTIONS (default 50), VINK_BUILD_DIR,
 * BENCH_NODE_ARGS (node flags for the portal, e.g. --cpu-prof --cpu-prof-dir=.tmp/prof).
 * Arguments: names (or parts of names) of scenarios to run, e.g. `npm run bench -- home`; `npm run bench -- weight`
 * runs only the page weight on an emulated phone (test/bench/page-weight.ts).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync, statSync, readdirSync } from "node:fs";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import { createMigratedDb, root, tmpDir } from "../support/db";
import { minimalScenario, scenarios, type BenchContext, type Scenario } from "./scenarios";
import { freePort } from "../support/net";
import { signInByFetch } from "../support/portal";

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const warmup = Math.min(2, duration);
const buildDir = process.env.VINK_BUILD_DIR ?? "build";
// e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=.tmp/prof" to profile the portal while it is measured
const portalNodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const filters = process.argv.slice(2).map((a) => a.toLowerCase());
const chosen = [minimalScenario, ...scenarios].filter((s) => !filters.length || filters.some((f) => s.name.toLowerCase().includes(f)));
// the invitation mailing to 5,000 recipients runs in a process of its own after the pages: test/bench/invitations.ts
const withInvitations = !filters.length || filters.some((f) => "invitations".includes(f));
// the bytes and LCP of a first visit on an emulated phone, in Chromium, also a process of its own: test/bench/page-weight.ts
const withPageWeight = !filters.length || filters.some((f) => "page weight".includes(f));
// the yearly status of a real year (page and XLSX), a process of its own with its own database: test/bench/status.ts
const withStatus = !filters.length || filters.some((f) => "status".includes(f));

const children: ChildProcess[] = [];
const dbFile = path.join(tmpDir, `bench-${process.pid}.db`);

function cleanUp() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(dbFile + suffix, { force: true });
}

// Bounded in time: every server started here is stopped, whatever happens.
const limitMs = (chosen.length + 1) * (duration + warmup + 10) * 1000 + 90_000 + (withInvitations ? 420_000 : 0) + (withPageWeight ? 180_000 : 0) + (withStatus ? 180_000 : 0);
const deadline = setTimeout(() => {
  console.error(`The benchmark took longer than ${Math.round(limitMs / 1000)} s; stopping.`);
  cleanUp();
  process.exit(1);
}, limitMs);
deadline.unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

async function startChild(args: string[], env: NodeJS.ProcessEnv, url: string, readyPath: string): Promise<ChildProcess> {
  const logs: string[] = [];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  child.stdout?.on("data", (d) => logs.push(String(d)));
  child.stderr?.on("data", (d) => logs.push(String(d)));
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited:\n${logs.join("")}`);
    try {
      if ((await fetch(url + readyPath)).ok) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${args.join(" ")} did not start:\n${logs.join("")}`);
}

async function startBare(): Promise<string> {
  const port = await freePort();
  const code = `require("node:http").createServer((q, s) => s.end("hello world")).listen(${port}, "127.0.0.1")`;
  const url = `http://127.0.0.1:${port}`;
  await startChild(["-e", code], process.env, url, "/");
  return url;
}

const minimalBuildDir = path.join(root, ".tmp/bench-minimal");
const minimalSources = path.join(root, "test/bench/minimal");

/** The bench-only Remix app, built when its build is missing or older than a file of its source. */
function buildMinimal() {
  const built = path.join(minimalBuildDir, "server/index.js");
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
  if (existsSync(built) && statSync(built).mtimeMs > newest(minimalSources)) return;
  console.log("Building the minimal Remix app (test/bench/minimal) into .tmp/bench-minimal…");
  execFileSync(path.join(root, "node_modules/.bin/remix"), ["vite:build", "--config", path.join(minimalSources, "vite.config.ts")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
}

/** The minimal route's server: the same Express + Remix setup as app/server.js, with the same node flags. */
async function startMinimal(): Promise<string> {
  buildMinimal();
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), MINIMAL_BUILD_DIR: minimalBuildDir };
  await startChild([...portalNodeArgs, path.join(minimalSources, "server.js")], env, url, "/healthz");
  return url;
}

async function startPortal(): Promise<string> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  await startChild(
    [...portalNodeArgs, path.join(root, "app/server.js")],
    {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: url,
      DATABASE_URL: `file:${dbFile}`,
      SMTP_URL: "smtp://127.0.0.1:9", // never used: the mail worker is off while measuring
      MAIL_FROM: "VINK <vink@kk.dk>",
      SECRET_KEY: "bench-secret-key-for-the-production-build-0123456789",
      START_WORKER: "false",
    },
    url,
    "/healthz",
  );
  return url;
}

async function load(url: string, headers: Record<string, string> = {}, seconds = duration): Promise<Result> {
  return autocannon({ url, connections, duration: seconds, headers, timeout: 10 });
}

type Row = { name: string; path: string; result: Result; status: number; cache: string };

function table(rows: Row[], bare: Result) {
  const fmt = (n: number) => Math.round(n).toLocaleString("en-GB");
  const minimal = rows.find((r) => r.name === minimalScenario.name)?.result;
  const ratio = (r: Result, of: Result | undefined) => (of ? `${((r.requests.average / of.requests.average) * 100).toFixed(1)} %` : "-");
  const lines = [
    ["scenario", "path", "status", "page cache", "req/s", "p99 ms", "vs bare", "vs minimal", "non-2xx", "errors"],
    ["bare node:http hello world", "/", "200", "-", fmt(bare.requests.average), String(bare.latency.p99), "100 %", ratio(bare, minimal), String(bare.non2xx), String(bare.errors)],
    ...rows.map((r) => [
      r.name,
      r.path,
      String(r.status),
      r.cache,
      fmt(r.result.requests.average),
      String(r.result.latency.p99),
      ratio(r.result, bare),
      ratio(r.result, minimal),
      String(r.result.non2xx),
      String(r.result.errors + r.result.timeouts),
    ]),
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const right = new Set([2, 4, 5, 6, 7, 8, 9]);
  const render = (l: string[]) => l.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  console.log(`\n${render(lines[0]!)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const l of lines.slice(1)) console.log(render(l));
  console.log(`\nautocannon -c ${connections} -d ${duration}, after ${warmup} s of warm-up; one run on this machine: compare ratios, not figures.`);
  console.log("page cache: what the second request of the address got (Cache-Status); \"-\" is a page the cache never keeps (docs/decisions/0012-page-cache.md).");
  if (rows.some((r) => r.result.non2xx > 0 || r.status >= 300)) {
    console.log("A scenario answered something other than 2xx: its figures measure that answer, not the page.");
  }
}

async function main() {
  if (!chosen.length && !withInvitations && !withPageWeight && !withStatus) throw new Error(`No scenario matches ${filters.join(", ")}; there are: ${scenarios.map((s) => s.name).join(", ")}`);
  if (!existsSync(path.join(root, buildDir, "server/index.js"))) {
    console.log(`No production build in ${buildDir}/: building it now (npm run build).`);
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: process.env });
  }
  if (!chosen.length) return runOwnProcesses();

  createMigratedDb(dbFile);
  process.env.DATABASE_URL = `file:${dbFile}`;
  // the factories seal staff's TOTP secrets here: with the key the portal below runs with
  process.env.SECRET_KEY = "bench-secret-key-for-the-production-build-0123456789";
  const seed = await import("../support/factories");
  const { db } = await import("~/lib/db.server");

  const bareUrl = await startBare();
  const minimalUrl = chosen.includes(minimalScenario) ? await startMinimal() : null;
  const portal = await startPortal();
  const signIn: BenchContext["signIn"] = (email, password) => signInByFetch(portal, email, password);
  const ctx: BenchContext = { url: portal, seed, signIn };

  const prepared: { scenario: Scenario; path: string; headers: Record<string, string>; base: string }[] = [];
  for (const scenario of chosen) {
    const extra = (await scenario.setup?.(ctx)) ?? {};
    prepared.push({ scenario, path: extra.path ?? scenario.path, headers: extra.headers ?? {}, base: scenario === minimalScenario ? minimalUrl! : portal });
  }
  await db.$disconnect(); // the app alone touches the database while it is measured

  console.log(`Measuring ${prepared.length + 1} targets, ${duration} s each…`);
  await load(bareUrl, {}, warmup);
  const bare = await load(bareUrl);
  const rows: Row[] = [];
  for (const p of prepared) {
    const url = p.base + p.path;
    const status = (await fetch(url, { headers: p.headers, redirect: "manual" })).status;
    const again = await fetch(url, { headers: p.headers, redirect: "manual" });
    const cache = /\bhit\b/.test(again.headers.get("cache-status") ?? "") ? "hit" : again.headers.has("cache-status") ? "miss" : "-";
    await load(url, p.headers, warmup);
    rows.push({ name: p.scenario.name, path: p.path, status, cache, result: await load(url, p.headers) });
    console.log(`  ${p.scenario.name}: done`);
  }
  table(rows, bare);
  await runOwnProcesses();
}

async function runOwnProcesses() {
  if (withInvitations) await runInProcess("test/bench/invitations.ts");
  if (withPageWeight) await runInProcess("test/bench/page-weight.ts");
  if (withStatus) await runInProcess("test/bench/status.ts");
}

/** A child process (not execFileSync), so the deadline above still fires and stops it with the rest. */
async function runInProcess(file: string) {
  console.log("");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, file)], {
    cwd: root,
    stdio: "inherit",
    env: process.env,
  });
  children.push(child);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`${file} exited with ${code}`);
}

main()
  .then(() => {
    cleanUp();
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    cleanUp();
    process.exit(1);
  });
