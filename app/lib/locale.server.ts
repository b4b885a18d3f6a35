import { defaultLocale, isLocale, type Locale } from "./i18n";

export const LOCALE_COOKIE = "vink_lang";
const chosenLocale = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=(da|en)(?:;|$)`);

/** The user's choice (a cookie) first, then the browser's Accept-Language, then Danish. */
export function getLocale(request: Request): Locale {
  return localeFrom(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
}

/** The same choice from the raw header values (the server has them without building a Request). */
export function localeFrom(cookieHeader: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  const cookie = cookieHeader ?? "";
  const chosen = cookie.match(chosenLocale)?.[1];
  if (isLocale(chosen)) return chosen;
  return fromAcceptLanguage(acceptLanguage ?? null);
}

export function fromAcceptLanguage(header: string | null): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: (tag ?? "").trim().toLowerCase().split("-")[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) {
    if (lang === "da") return "da";
    if (lang === "en") return "en";
  }
  return defaultLocale;
}

export function localeCookie(locale: Locale, secure: boolean) {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}
