import { openSecret, sealSecret } from "./crypto.server";
import { isHttps } from "./env.server";

/**
 * The address an application's confirmation mail went to, for /forum/applied to show: sealed (AES-GCM with
 * SECRET_KEY) in a short cookie sent only to the forum's pages, so it is neither in an address bar or a log nor readable by
 * the page's scripts. Set after every accepted application, known address or new, so the page tells nothing.
 */
const NAME = "vink_forum_applied";
// "/forum", not "/forum/applied": with JavaScript the page's loader is fetched from /forum/applied.data, which a
// cookie with Path=/forum/applied is not sent to
const PATH = "/forum";
const MAX_AGE_S = 7 * 24 * 3600;

function attributes() {
  return [`Path=${PATH}`, "HttpOnly", "SameSite=Lax", isHttps() ? "Secure" : ""].filter(Boolean).join("; ");
}

export function appliedCookie(email: string) {
  return `${NAME}=${sealSecret("forum-applied", email)}; Max-Age=${MAX_AGE_S}; ${attributes()}`;
}

export function readAppliedEmail(cookieHeader: string | null): string | null {
  for (const pair of (cookieHeader ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at < 0 || pair.slice(0, at).trim() !== NAME) continue;
    const value = pair.slice(at + 1).trim();
    return /^[A-Za-z0-9_.-]+$/.test(value) ? openSecret("forum-applied", value) : null;
  }
  return null;
}
