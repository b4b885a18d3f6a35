import { useRouteLoaderData } from "@remix-run/react";
import { dictionaries, type MessageKey } from "~/locales";

const locales = ["da", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "da";
export const timeZone = "Europe/Copenhagen";

/** A stored language (a user's, a registration's), or Danish when there is none we speak. */
export function localeOf(value: unknown): Locale {
  return isLocale(value) ? value : defaultLocale;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/**
 * On the server `dictionaries` holds both languages; in the browser only the page's own (app/locales/browser.ts),
 * hence the optional look-ups.
 */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template: string = dictionaries[locale]?.[key] ?? dictionaries[defaultLocale]?.[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : match,
  );
}

export function translator(locale: Locale): Translate {
  return (key, vars) => translate(locale, key, vars);
}

/** The page's language, as the root loader decided it. */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  return data?.locale ?? defaultLocale;
}

export function useT(): Translate {
  return translator(useLocale());
}

const intlLocale = (locale: Locale) => (locale === "da" ? "da-DK" : "en-GB");

type DateStyle = "date" | "datetime" | "time" | "weekday" | "month";

const dateOptions: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "long", timeZone },
  time: { hour: "2-digit", minute: "2-digit", timeZone },
  weekday: { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone },
  datetime: { dateStyle: "long", timeStyle: "short", timeZone },
  month: { month: "long", year: "numeric", timeZone },
};

// Building an Intl formatter costs far more than using one (half the CPU of a page listing events): keep each one.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
// Using one costs some 5 µs in a time zone, and a list of events formats the same few dates at every view: the last
// few thousand answers are kept too (bounded: emptied when full).
const formattedDates = new Map<string, string>();
const FORMATTED_DATES_KEPT = 5000;

/** Dates and times are always shown in Copenhagen time, whatever the server's or the browser's zone. */
export function formatDate(locale: Locale, date: Date | string, style: DateStyle = "date") {
  const d = typeof date === "string" ? new Date(date) : date;
  const key = `${locale}|${style}`;
  const answerKey = `${key}|${d.getTime()}`;
  const known = formattedDates.get(answerKey);
  if (known !== undefined) return known;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale(locale), dateOptions[style]);
    dateFormatters.set(key, formatter);
  }
  const answer = formatter.format(d);
  if (formattedDates.size >= FORMATTED_DATES_KEPT) formattedDates.clear();
  formattedDates.set(answerKey, answer);
  return answer;
}

const numberFormatters = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(locale: Locale, n: number) {
  let formatter = numberFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.NumberFormat(intlLocale(locale));
    numberFormatters.set(locale, formatter);
  }
  return formatter.format(n);
}
