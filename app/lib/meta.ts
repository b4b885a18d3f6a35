import type { MetaDescriptor } from "@remix-run/node";
import { defaultLocale, translate, type Locale } from "./i18n";
import type { MessageKey } from "~/locales";

type Match = { id: string; data: unknown };

function rootOf(matches: Match[]) {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale; unitName?: string } | undefined;
  return { locale: root?.locale ?? defaultLocale, unit: root?.unitName ?? "VINK" };
}

/** A distinct, translated page title: "<page> — VINK". */
export function pageTitle(matches: Match[], key: MessageKey, vars?: Record<string, string | number>): MetaDescriptor[] {
  const { locale, unit } = rootOf(matches);
  return [{ title: `${translate(locale, key, vars)} — ${unit}` }];
}

/** A page title from text that is already in the page's language (an event's title). */
export function textTitle(matches: Match[], text: string): MetaDescriptor[] {
  return [{ title: `${text} — ${rootOf(matches).unit}` }];
}
