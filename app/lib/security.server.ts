import { randomBytes } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { secretLinkRoutes } from "./access";
import { env, isHttps, isProduction } from "./env.server";
import { routePattern, routeSegments } from "./route-paths";

/**
 * Paths that mail providers POST to without an Origin header (RFC 8058 one-click unsubscribe). The token in the
 * path is the authorisation and the effect (opting out of invitations) is harmless to repeat. A request that does
 * send an Origin is checked like any other: a foreign one is refused.
 */
const originExempt = [/^\/unsubscribe\/[A-Za-z0-9_-]{20,}$/];

/** The build's hashed scripts, style sheets and fonts: a browser runs or applies them, never shows them as a page. */
const subresource = /^\/assets\/[^/]+\.(?:js|css|woff2)$/;

/** One place for the whole server: headers on every response and the Origin check on every non-GET request. */
export function securityMiddleware(req: Request, res: Response, next: NextFunction) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  if (isHttps()) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  // What only a document obeys goes on every answer that could be shown as one (pages, errors, SVG and other files);
  // a built script, style sheet or font never is, and a phone's first visit fetches some twenty of them (~0.5 KB each).
  if (!subresource.test(req.path)) {
    const nonce = randomBytes(16).toString("base64");
    res.locals.nonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  }

  if (req.method !== "GET" && req.method !== "HEAD") {
    // an exempt path takes a POST without an Origin (a mail provider's server, or an empty header); one that names
    // an origin is checked
    const exempt = originExempt.some((re) => re.test(req.path)) && !req.headers.origin;
    if (!exempt && !sameOrigin(req)) {
      res.status(403).type("text/plain").send("Forbidden: cross-origin request");
      return;
    }
    // Checked above against APP_URL. Remix checks again, comparing Origin with Host (or X-Forwarded-Host): behind a
    // proxy that sends its own Host (nginx's default) that failed every form. So Remix sees our own host, and never
    // the "null" it would refuse.
    const host = new URL(env().APP_URL).host;
    req.headers.host = host;
    if (req.headers["x-forwarded-host"] !== undefined) req.headers["x-forwarded-host"] = host;
    if (req.headers.origin === "null") delete req.headers.origin;
  }
  next();
}

/**
 * Was this request sent by one of our own pages? Its Origin says so. A form posted from a page answered with
 * `Referrer-Policy: no-referrer` (every page behind a secret link) is sent with `Origin: null` (Fetch standard,
 * "append a request Origin header"); then the browser's own `Sec-Fetch-Site: same-origin`, which no page can set or
 * forge, says it. A cross-site form or a sandboxed frame sends `null` with `cross-site`, and is refused.
 */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === env().APP_URL) return true;
  return origin === "null" && req.headers["sec-fetch-site"] === "same-origin";
}

/**
 * The headers of every answer at a secret-link address (app/lib/access.ts, `secretLinkRoutes`): pages, their
 * single-fetch data, error pages and files alike. Set as the answer's headers are written, so they are the last
 * word whatever the route said. No cache or history keeps the page, and no link followed from it carries the token
 * away in a Referer.
 */
const secretLinkHeaders = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } as const;

export function createSecretLinkHeaders(build: Pick<ServerBuild, "routes">) {
  const patterns = secretLinkRoutes.map((id) => routePattern(routeSegments(build, id), { data: true }));
  return function secretLinks(req: Request, res: Response, next: NextFunction) {
    if (!patterns.some((p) => p.test(req.path))) return next();
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      for (const [name, value] of Object.entries(secretLinkHeaders)) res.setHeader(name, value);
      return writeHead(...args);
    }) as Response["writeHead"];
    next();
  };
}

/** The policy with this answer's nonce; every other part is fixed for the life of the process, so it is made once. */
let policyWith: ((nonce: string) => string) | undefined;

function contentSecurityPolicy(nonce: string) {
  policyWith ??= compilePolicy();
  return policyWith(nonce);
}

function compilePolicy(): (nonce: string) => string {
  const dev = !isProduction() && process.env.VINK_VITE_DEV === "1";
  const marker = "\u0000nonce\u0000";
  const policy = [
    "default-src 'self'",
    dev ? `script-src 'self' 'unsafe-inline' 'unsafe-eval'` : `script-src 'self' 'nonce-${marker}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    ...(isHttps() ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  const at = policy.indexOf(marker);
  // in development scripts run without a nonce: the policy is the same on every answer
  if (at < 0) return () => policy;
  const [before, after] = [policy.slice(0, at), policy.slice(at + marker.length)];
  return (nonce) => before + nonce + after;
}
