import { redirect } from "@remix-run/node";
import { dictionaries, type MessageKey } from "~/locales";
import { isHttps } from "./env.server";
import type { Vars } from "./i18n";

/**
 * A success message after a redirect ("Gemt", "Invitationen er sendt til 12"), in one way: the action answers
 * `redirectWithNotice(to, "area.key", { count })`, the root loader takes the message once (`takeNotice`) and clears
 * it, and the page shows it where it renders `<Notice />` (app/components/notice.tsx). The message lives in a short
 * cookie, not in the address, so it is gone after a reload or a shared link, and nobody can make the site say
 * something by crafting a URL: only a known translation key is shown, with numbers or short texts as its values.
 * The anonymous page cache passes a request that carries it (app/lib/page-cache.server.ts).
 */
export const NOTICE_COOKIE = "vink_notice";
export type FlashNotice = { key: MessageKey; vars: Vars };

function cookie(value: string, maxAge: number) {
  const secure = isHttps() ? "; Secure" : "";
  return `${NOTICE_COOKIE}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export function redirectWithNotice(to: string, key: MessageKey, vars: Vars = {}, init: { status?: number; headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", cookie(JSON.stringify({ key, vars }), 60));
  return redirect(to, { status: init.status ?? 302, headers });
}

function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(dictionaries.da, value);
}

function parse(raw: string): FlashNotice | null {
  try {
    const value: unknown = JSON.parse(decodeURIComponent(raw));
    if (!value || typeof value !== "object") return null;
    const { key, vars } = value as { key?: unknown; vars?: unknown };
    if (!isMessageKey(key) || !vars || typeof vars !== "object") return null;
    const clean: Vars = {};
    for (const [name, v] of Object.entries(vars)) {
      if (typeof v === "number" && Number.isFinite(v)) clean[name] = v;
      else if (typeof v === "string" && v.length <= 200) clean[name] = v;
      else return null;
    }
    return { key, vars: clean };
  } catch {
    return null; // a cookie we did not write: cleared, nothing shown
  }
}

/** The message waiting for this request, and the header that clears it (both null when there is none). */
export function takeNotice(request: Request): { notice: FlashNotice | null; clear: string | null } {
  const match = new RegExp(`(?:^|;\\s*)${NOTICE_COOKIE}=([^;]*)`).exec(request.headers.get("Cookie") ?? "");
  if (!match) return { notice: null, clear: null };
  return { notice: parse(match[1] ?? ""), clear: cookie("", 0) };
}
