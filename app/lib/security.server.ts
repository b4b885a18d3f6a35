import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { env, isHttps, isProduction } from "./env.server";

/**
 * Paths that mail providers POST to without an Origin header (RFC 8058 one-click unsubscribe). The token in the
 * path is the authorisation and the effect (opting out of invitations) is harmless to repeat.
 */
const originExempt = [/^\/unsubscribe\/[A-Za-z0-9_-]{20,}$/];

/** One place for the whole server: headers on every response and the Origin check on every non-GET request. */
export function securityMiddleware(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (isHttps()) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");

  if (req.method !== "GET" && req.method !== "HEAD" && !originExempt.some((re) => re.test(req.path))) {
    const origin = req.headers.origin;
    if (!origin || origin !== env().APP_URL) {
      res.status(403).type("text/plain").send("Forbidden: cross-origin request");
      return;
    }
  }
  next();
}

function contentSecurityPolicy(nonce: string) {
  const dev = !isProduction() && process.env.VINK_VITE_DEV === "1";
  return [
    "default-src 'self'",
    dev ? `script-src 'self' 'unsafe-inline' 'unsafe-eval'` : `script-src 'self' 'nonce-${nonce}'`,
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
}
