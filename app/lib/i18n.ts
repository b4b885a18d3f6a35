import { useRouteLoaderData } from "@remix-run/react";
import { dictionaries, type MessageKey } from "~/locales";

export const locales = ["da", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "da";
export const timeZone = "Europe/Copenhagen";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template: string = dictionaries[locale][key] ?? dictionaries[defaultLocale][key] ?? key;
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

/** Dates and times are always shown in Copenhagen time, whatever the server's or the browser's zone. */
export function formatDate(locale: Locale, date: Date | string, style: "date" | "datetime" | "time" | "weekday" = "date") {
  const d = typeof date === "string" ? new Date(date) : date;
  const options: Intl.DateTimeFormatOptions =
    style === "date"
      ? { dateStyle: "long", timeZone }
      : style === "time"
        ? { hour: "2-digit", minute: "2-digit", timeZone }
        : style === "weekday"
          ? { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone }
          : { dateStyle: "long", timeStyle: "short", timeZone };
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(d);
}

export function formatNumber(locale: Locale, n: number) {
  return new Intl.NumberFormat(intlLocale(locale)).format(n);
}
