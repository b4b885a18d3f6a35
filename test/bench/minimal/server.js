// The bench's yardstick: a Remix app with one route and a loader (test/bench/minimal/app), served as app/server.js
// serves the portal — Express, compression, the safety headers with a fresh CSP nonce, the built assets, Remix's
// Express handler with a load context — and nothing of the portal's own (no session, no database, no page cache).
// Started by test/bench/run.ts with PORT and MINIMAL_BUILD_DIR.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const buildDir = process.env.MINIMAL_BUILD_DIR;
const build = await import(path.join(buildDir, "server/index.js"));

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use((req, res, next) => {
  const nonce = randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader(
    "Content-Security-Policy",
    `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
  );
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  next();
});
app.get("/healthz", (_req, res) => res.type("text/plain").send("ok"));
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    getLoadContext: (req, res) => ({ nonce: String(res.locals.nonce ?? ""), userAgent: req.headers["user-agent"] ?? null }),
  }),
);
const server = app.listen(Number(process.env.PORT), "127.0.0.1");
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
process.once("SIGTERM", () => {
  server.close();
  process.exit(0);
});
