import type { Locale } from "~/lib/i18n";
import type { dictionaries as both } from "./index";

/**
 * `~/locales` in the browser (vite.config.ts resolves it here): the page's own language only, which
 * app/entry.client.tsx loads before React hydrates. Each language is a chunk of its own, so a Danish page never
 * downloads the English texts, nor the reverse. The page's language changes only with a full page load (/language).
 * @public the same name as app/locales/index.ts exports on the server
 */
export const dictionaries: Partial<typeof both> = {};

/** The dictionary of the page's language (`<html lang>`); Danish unless it is English, as localeOf decides. */
export async function loadDictionary(locale: Locale | string) {
  if (locale === "en") dictionaries.en ??= (await import("./en")).default;
  else dictionaries.da ??= (await import("./da")).default;
}
