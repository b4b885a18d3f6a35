import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import Database from "better-sqlite3";
import type { NextFunction, Request, Response } from "express";
import { accessFor, cachedRoutes, isSecretLinkRoute } from "./access";
import { lucia } from "./auth.server";
import { env } from "./env.server";
import { localeFrom } from "./locale.server";
import { NOTICE_COOKIE } from "./flash.server";
import { routePattern, routeSegments } from "./route-paths";

/**
 * The page cache: the public pages that are the same for every visitor without a session (app/lib/access.ts,
 * `cachedRoutes`) are rendered once per address and language and served from memory until the data behind them
 * changes (docs/decisions/0012-page-cache.md).
 *
 * - Only GET, only without a session cookie, only a 200 text answer without Set-Cookie; never a page behind a token.
 * - Exact: a copy is kept only while `PublicDataVersion.version` is unchanged. Database triggers raise it whenever a
 *   table public pages are made from changes, whichever process (the web server, the worker, a script) changed it.
 *   Reading it is one indexed row on a read-only connection of its own: microseconds, no await.
 * - Time still passes (registration opens, an event ends): a copy lives at most PAGE_CACHE_SECONDS (0 turns it off).
 * - Every answer keeps its own CSP nonce: the copy's nonce is replaced by this request's.
 * - The answer says what happened in a Cache-Status header (RFC 9211): `vink; hit` or `vink; fwd=miss`.
 */

/** A kept page: always a 200 (nothing else is kept), under the version it was made from. */
type Entry = { version: number; storedAt: number; nonce: string; headers: [string, string][]; body: string };

// bounds on memory: a crawler walking every filter and page of /events pushes out the oldest copies, nothing more
const MAX_ENTRIES = 500;
const MAX_BODY = 1_000_000;
const MAX_TOTAL = 32_000_000;
// the response headers a copy keeps; the security headers are made afresh for every request by securityMiddleware
const keptHeaders = ["content-type", "content-disposition", "content-language", "cache-control", "vary", "link"];
const storable = /^text\/(html|calendar)\b/;

/**
 * The number the triggers raise; a read-only connection of its own, so it sees every process's commits at once.
 * Null when the row is gone: then nothing can be known to be current, and nothing is served from memory.
 */
export function publicDataVersionReader(databaseUrl = env().DATABASE_URL): () => number | null {
  const file = path.resolve(databaseUrl.replace(/^file:/, ""));
  const connection = new Database(file, { readonly: true, fileMustExist: true });
  const statement = connection.prepare<[], { version: number }>(`SELECT "version" FROM "PublicDataVersion" WHERE "id" = 1`);
  return () => statement.get()?.version ?? null;
}

/** The full path of each cached route as a pattern, matched like Remix matches (case-insensitive, optional trailing /). */
export function cachedPathPatterns(build: Pick<ServerBuild, "routes">): RegExp[] {
  const fullPath = (id: string) => routeSegments(build, id);
  const patterns = cachedRoutes.map((id) => {
    if (accessFor(id) !== "public") throw new Error(`The page cache may keep public routes only; "${id}" is not public`);
    if (isSecretLinkRoute(id)) throw new Error(`The page cache may never keep a page behind a secret link; "${id}" is one`);
    const segments = fullPath(id);
    if (segments.some((s) => s === "*" || s.endsWith("?"))) throw new Error(`The page cache cannot keep "${id}": splat or optional segment`);
    return routePattern(segments);
  });
  // a route outside the list must never answer at an address the cache would keep
  for (const [id, route] of Object.entries(build.routes)) {
    if ((cachedRoutes as readonly string[]).includes(id) || (!route.path && !route.index)) continue;
    const example = "/" + fullPath(id).map((s) => (s.startsWith(":") || s === "*" ? "x" : s.replace(/\?$/, ""))).join("/");
    if (patterns.some((p) => p.test(example))) throw new Error(`Route "${id}" answers at an address the page cache keeps (${example})`);
  }
  return patterns;
}

/** The Express middleware, or null when PAGE_CACHE_SECONDS is 0. */
export function createPageCache(build: Pick<ServerBuild, "routes">) {
  const ttlMs = env().PAGE_CACHE_SECONDS * 1000;
  if (ttlMs <= 0) return null;
  const patterns = cachedPathPatterns(build);
  const currentVersion = publicDataVersionReader();
  const sessionCookie = new RegExp(`(?:^|;\\s*)${lucia().sessionCookieName.replace(/[-_]/g, "\\$&")}=`);
  // a success message waiting after a redirect (app/lib/flash.server.ts) is shown, and cleared, by a fresh render
  const noticeCookie = new RegExp(`(?:^|;\\s*)${NOTICE_COOKIE}=`);
  const entries = new Map<string, Entry>();
  let total = 0;
  const remove = (key: string) => {
    total -= entries.get(key)?.body.length ?? 0;
    entries.delete(key);
  };
  let seenVersion = currentVersion();

  return function pageCache(req: Request, res: Response, next: NextFunction) {
    // documents only: a client-side navigation's .data request is made afresh
    if (req.method !== "GET" || req.path.endsWith(".data") || !patterns.some((p) => p.test(req.path))) return next();
    if (req.headers.cookie && (sessionCookie.test(req.headers.cookie) || noticeCookie.test(req.headers.cookie))) return next();

    const version = currentVersion();
    if (version === null) return next();
    if (version !== seenVersion) {
      entries.clear();
      total = 0;
      seenVersion = version;
    }
    const key = `${localeFrom(req.headers.cookie, req.headers["accept-language"])} ${req.originalUrl}`;
    const nonce = String(res.locals.nonce ?? "");
    const found = entries.get(key);
    if (found && found.version === version && Date.now() - found.storedAt < ttlMs) {
      res.status(200);
      for (const [name, value] of found.headers) res.setHeader(name, value);
      res.setHeader("Cache-Status", "vink; hit");
      res.end(found.nonce && nonce ? found.body.replaceAll(found.nonce, nonce) : found.body);
      return;
    }
    if (found) remove(key);

    res.setHeader("Cache-Status", "vink; fwd=miss");
    const chunks: Buffer[] = [];
    let size = 0;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function" || size > MAX_BODY) return;
      const buffer = typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      chunks.push(buffer);
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      const contentType = String(res.getHeader("content-type") ?? "");
      const cacheControl = String(res.getHeader("cache-control") ?? "");
      const unchanged = currentVersion() === version;
      if (unchanged && res.statusCode === 200 && !res.hasHeader("set-cookie") && storable.test(contentType) && !/no-store|private/.test(cacheControl) && size <= MAX_BODY) {
        const body = Buffer.concat(chunks).toString("utf8");
        remove(key);
        while (entries.size && (entries.size >= MAX_ENTRIES || total + body.length > MAX_TOTAL)) remove(entries.keys().next().value!);
        const headers = keptHeaders.flatMap((name): [string, string][] => (res.hasHeader(name) ? [[name, String(res.getHeader(name))]] : []));
        // stored under the version read before the page was made, and only if nothing changed while it was made
        entries.set(key, { version, storedAt: Date.now(), nonce, headers, body });
        total += body.length;
      }
      return end(chunk, ...rest);
    }) as Response["end"];
    next();
  };
}
