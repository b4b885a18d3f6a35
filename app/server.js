// The HTTP server: serves the Remix build in production and Vite's middleware in development.
// Everything with rules in it lives in the app and reaches this file through the build's entry module.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import compression from "compression";
import express from "express";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Loads a CommonJS module of a dependency with exact-text edits and code appended, into require's cache, so that
 * whoever requires it later gets the edited module. Should the text not be there exactly once (another version of the
 * dependency), the module is left as it is, with a warning: the edits save time, they change no result.
 */
const require = createRequire(import.meta.url);
function loadEdited(file, edits, appendix) {
  if (require.cache[file]) return;
  let source = readFileSync(file, "utf8");
  for (const [from, to] of edits) {
    if (source.split(from).length !== 2) {
      console.warn(`${path.relative(root, file)} is not the version app/server.js expects, so it is loaded unedited (${from.trim().slice(0, 80)})`);
      return;
    }
    source = source.replace(from, to);
  }
  source += appendix;
  const mod = new Module(file, undefined);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod._compile(source, file);
  mod.loaded = true;
  require.cache[file] = mod;
}

/**
 * Route matching without redoing the same work at every request (docs/decisions/0030-frame-cost.md). React Router's
 * matchRoutes flattens and ranks the whole route tree and builds a regular expression for each route it tries, at
 * every call; Remix calls it four times or more per page. With our ~80 routes that was a third of the CPU of a page
 * with no data (/login). The router is loaded once here with three pure functions memoised: a route path's compiled
 * pattern, a route's score, and the ranked branches of a route array the server keeps for its whole life (the
 * server's, the static handler's and the render's, below; an array made per request is simply not found again), and
 * for those kept arrays the branches worth trying for an address's first segment. Same results, no behaviour change.
 * Must run before anything requires @remix-run/router, so Remix is imported below, after it.
 */
function memoiseRouteMatching() {
  loadEdited(
    require.resolve("@remix-run/router"),
    [
      [
        "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n",
        "  let branches = rankedBranches(routes, allowPartial ? null : pathname);\n",
      ],
      ["function computeScore(path, index) {", "function computeScoreUncached(path, index) {"],
      ["function compilePath(path, caseSensitive, end) {", "function compilePathUncached(path, caseSensitive, end) {"],
    ],
    `
const __vinkBranches = new WeakMap();
const __vinkCandidates = new WeakMap();
function rankedBranches(routes, pathname) {
  let branches = __vinkBranches.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    __vinkBranches.set(routes, branches);
    // an array seen once (a request's own) is matched once: indexing it would cost more than it saves
    return branches;
  }
  if (pathname == null) return branches;
  let byFirst = __vinkCandidates.get(branches);
  if (!byFirst) {
    byFirst = candidatesByFirstSegment(branches);
    __vinkCandidates.set(branches, byFirst);
  }
  const first = (decodePath(pathname).split("/")[1] || "").toLowerCase();
  return byFirst.get(first) || byFirst.get(null);
}
// The branches that can match an address whose first segment is a given word, in rank order: those whose path starts
// with that word and those whose first segment is a parameter, a splat, optional or case-sensitive (key null). A
// branch that starts with another word cannot match it. Keys are the routes' own first words, so the map is bounded.
function candidatesByFirstSegment(branches) {
  const firsts = branches.map((branch) => {
    if (branch.routesMeta.some((meta) => meta.caseSensitive)) return null;
    const segment = branch.path.split("/").filter(Boolean)[0] || "";
    return /[:*?]/.test(segment) ? null : segment.toLowerCase();
  });
  const byFirst = new Map([[null, branches.filter((_, i) => firsts[i] === null)]]);
  for (const key of new Set(firsts)) {
    if (key !== null) byFirst.set(key, branches.filter((_, i) => firsts[i] === null || firsts[i] === key));
  }
  return byFirst;
}
const __vinkScores = new Map();
function computeScore(path, index) {
  const key = (index ? "i" : "-") + path;
  let score = __vinkScores.get(key);
  if (score === undefined) {
    score = computeScoreUncached(path, index);
    if (__vinkScores.size < 10000) __vinkScores.set(key, score);
  }
  return score;
}
const __vinkPatterns = new Map();
function compilePath(path, caseSensitive, end) {
  const key = (caseSensitive ? "c" : "-") + (end === false ? "p" : "e") + path;
  let compiled = __vinkPatterns.get(key);
  if (!compiled) {
    compiled = compilePathUncached(path, caseSensitive, end);
    if (__vinkPatterns.size < 10000) __vinkPatterns.set(key, compiled);
  }
  return compiled;
}
`,
  );
}

/**
 * The render's route tree made once per build instead of once per page (docs/decisions/0030-frame-cost.md, third
 * round). Remix's RemixServer builds the React routes from the build's manifest at every render, and React Router's
 * createStaticRouter copies them into "data routes" at every render; both are pure functions of the build. Because the
 * arrays were new at every page, the render's and the lazy route discovery's route matching (four calls or more per
 * page) flattened and ranked all ~80 routes each time: 0.4 ms of a /login's ~2.6 ms. Kept per build (per manifest, as
 * long as every route module is the same one), they are matched through the memo above. Nothing on these objects is
 * per request: the request's matches, data and errors travel in the static handler's context, as before.
 */
function keepRenderRoutes() {
  const remixServer = require.resolve("@remix-run/react/dist/server.js");
  // the copy of React Router that Remix's server module loads
  loadEdited(
    createRequire(remixServer).resolve("react-router-dom/server"),
    [
      [
        "  let manifest = {};\n  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);\n",
        "  let { manifest, dataRoutes } = keptDataRoutes(routes);\n",
      ],
    ],
    `
const __vinkDataRoutes = new WeakMap();
function keptDataRoutes(routes) {
  let kept = __vinkDataRoutes.get(routes);
  if (!kept) {
    const manifest = {};
    kept = { manifest, dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest) };
    __vinkDataRoutes.set(routes, kept);
  }
  return kept;
}
`,
  );
  loadEdited(
    remixServer,
    [
      [
        "let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);",
        "let routes$1 = keptServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);",
      ],
    ],
    `
const __vinkServerRoutes = new WeakMap();
// per manifest; made again when a route module is not the one they were made from (a development rebuild)
function keptServerRoutes(manifestRoutes, routeModules, future, isSpaMode) {
  let kept = __vinkServerRoutes.get(manifestRoutes);
  const same = (k) => k.isSpaMode === isSpaMode && Object.keys(k.modules).every((id) => k.modules[id] === routeModules[id]) && Object.keys(routeModules).length === Object.keys(k.modules).length;
  if (!kept || !same(kept)) {
    kept = { isSpaMode, modules: { ...routeModules }, routes: routes.createServerRoutes(manifestRoutes, routeModules, future, isSpaMode) };
    __vinkServerRoutes.set(manifestRoutes, kept);
  }
  return kept.routes;
}
`,
  );
}
memoiseRouteMatching();
keepRenderRoutes();
const { createRequestHandler } = await import("@remix-run/express");
const dev = process.argv.includes("--dev");
const buildDir = path.resolve(root, process.env.VINK_BUILD_DIR ?? "build");

const vite = dev
  ? await import("vite").then((v) =>
      v.createServer({ root, server: { middlewareMode: true }, configFile: path.join(root, "vite.config.ts") }),
    )
  : undefined;
if (dev) process.env.VINK_VITE_DEV = "1";

async function loadBuild() {
  const build = vite
    ? await vite.ssrLoadModule("virtual:remix/server-build")
    : await import(path.join(buildDir, "server/index.js"));
  return build;
}

let build;
try {
  build = await loadBuild();
  build.entry.module.env(); // settings are validated once, now: a bad one stops the server with one line
  build.entry.module.guardBuild(build);
} catch (error) {
  console.error(`VINK Portal cannot start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const entry = () => build.entry.module;
const settings = entry().env();

// `npm start` passes --migrate: pending migrations are applied after the settings are known good, before serving.
if (process.argv.includes("--migrate")) {
  const problem = await migrate(settings.DATABASE_URL);
  if (problem) {
    console.error(`VINK Portal cannot start: ${problem}`);
    process.exit(1);
  }
}

/**
 * Applies the pending migrations, or finds there are none; returns what went wrong, or null. `prisma migrate deploy`
 * locks the database for itself (locking_mode=EXCLUSIVE), so it fails ("SocketTimeout") while any other process has
 * the database open — `npm run worker`, or the server being replaced. So it runs only when a migration is pending,
 * and then waits a while for the other process to let go (a restart's old server finishes its message and exits).
 */
async function migrate(databaseUrl) {
  const pending = pendingMigrations(databaseUrl);
  if (pending.length === 0) {
    console.log("Database migrations: all applied");
    return null;
  }
  const until = Date.now() + 30_000;
  let waiting = false;
  for (;;) {
    const run = spawnSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: "utf8",
    });
    const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
    if (run.status === 0) {
      process.stdout.write(output);
      return null;
    }
    const busy = /SocketTimeout|SQLITE_BUSY|database is locked/.test(output);
    if (!busy || Date.now() > until) {
      process.stderr.write(output);
      return busy
        ? `the database migrations (${pending.join(", ")}) need the database to themselves; stop the other process that has it open (npm run worker, an older server) and start again`
        : "the database migrations could not be applied (see above)";
    }
    if (!waiting) console.log("Database migrations: waiting for another process to close the database");
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The migrations in prisma/migrations that the database has not finished applying (all of them for a new one). */
function pendingMigrations(databaseUrl) {
  const all = readdirSync(path.join(root, "prisma/migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  // the path as prisma migrate deploy reads it: relative to the code directory
  const file = path.resolve(root, databaseUrl.replace(/^file:/, "").replace(/\?.*$/, ""));
  if (!existsSync(file)) return all;
  const sqlite = new Database(file, { readonly: true, timeout: 5000 });
  try {
    const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!hasTable) return all;
    const applied = new Set(
      sqlite
        .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
        .pluck()
        .all(),
    );
    return all.filter((name) => !applied.has(name));
  } finally {
    sqlite.close();
  }
}

// WAL and the connection's pragmas before the first request, whether or not this process runs the worker
try {
  await entry().prepareDb();
} catch (error) {
  // one line, whatever the driver's message looks like
  const reason = String(error instanceof Error ? error.message : error).replace(/\s+/g, " ").trim();
  console.error(`VINK Portal cannot start: the database cannot be opened (${reason})`);
  process.exit(1);
}

let pageCache = null;
let secretLinks;
try {
  secretLinks = entry().createSecretLinkHeaders(build);
  if (!vite) pageCache = entry().createPageCache(build);
} catch (error) {
  console.error(`VINK Portal cannot start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
if (settings.TRUST_PROXY) app.set("trust proxy", 1);
app.use(compression());

// the safety headers on every answer, health checks and errors included
app.use((req, res, next) => entry().securityMiddleware(req, res, next));

// Health checks answer before the pages; /healthz never touches the database.
app.get("/healthz", (_req, res) => res.type("text/plain").send("ok"));
app.get("/readyz", async (_req, res) => {
  const ok = await entry().checkDatabase();
  res.status(ok ? 200 : 503).type("text/plain").send(ok ? "ready" : "database unavailable");
});

// no-store and no-referrer on every answer at a secret-link address (app/lib/access.ts, secretLinkRoutes)
app.use(secretLinks);

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  // a built file that does not exist is a plain 404, never a page (it was sent without a page's headers)
  app.use("/assets", (req, res) => res.status(404).type("text/plain").send("Not found"));
  // the few files from public/ (favicon.svg): looked up by name, so a page request never waits for a file system stat
  const clientDir = path.join(buildDir, "client");
  const publicFiles = new Set(readdirSync(clientDir).filter((name) => name !== "assets").map((name) => `/${name}`));
  const servePublic = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
  // anonymous public pages from memory while the data behind them is unchanged (app/lib/page-cache.server.ts)
  if (pageCache) app.use(pageCache);
}

// pages start in arrival order, one per turn of the event loop, so new connections are accepted between them
// (app/lib/turns.server.ts); static files and cached copies above never wait
app.use(entry().onePagePerTurn());

app.all(
  "*",
  createRequestHandler({
    build: vite
      ? async () => {
          build = await loadBuild();
          return entry().guardBuild(build);
        }
      : entry().guardBuild(build),
    mode: dev ? "development" : "production",
    getLoadContext: (req, res) => entry().createLoadContext(req, res),
  }),
);

// Whatever reaches Express's own error path (an address that cannot be decoded, "/events/%", or a body parser's
// refusal) is answered here in plain text: Express's default handler would show the stack with server paths in
// development, and the status code says enough in any mode.
// (four parameters: that is how Express knows an error handler)
app.use((error, req, res, next) => {
  if (res.headersSent) return next(error);
  const status = Number(error?.status ?? error?.statusCode);
  const answer = status >= 400 && status < 500 ? status : 500;
  if (answer === 500) console.error(error);
  res.status(answer).type("text/plain").send(STATUS_CODES[answer]);
});

const server = app.listen(settings.PORT, () => {
  console.log(`VINK Portal at ${settings.APP_URL} (port ${settings.PORT})`);
  const mail = entry().mailDestination();
  console.log(mail ? `Mail goes out through ${mail}` : `Mail stays in the development mailbox: ${settings.APP_URL}/dev/mail`);
  if (settings.START_WORKER) entry().startBackgroundWork();
});

// Keep idle connections longer than a reverse proxy does (60 s is common), so the proxy never reuses one that Node
// has just closed (Node's 5 s default turns that race into sporadic 502s). headersTimeout must exceed it.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.on("error", (error) => {
  console.error(`VINK Portal cannot start: ${error.code === "EADDRINUSE" ? `port ${settings.PORT} is in use` : error.message}`);
  process.exit(1);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    server.close();
    await entry().stopBackgroundWork();
    await vite?.close();
    process.exit(0);
  });
}
