// Both languages, for the server (pages, mails, calendar files). In the browser `~/locales` is browser.ts instead
// (vite.config.ts): a page loads only its own language (docs/decisions/0016-page-weight.md).
import da, { areas as daAreas } from "./da";
import en, { areas as enAreas } from "./en";

export const dictionaries = { da, en };

type AreaName = keyof typeof daAreas;

/** Each area's pair, so a test can name the area that lacks a key. */
export const areas = Object.fromEntries(
  (Object.keys(daAreas) as AreaName[]).map((name) => [name, { da: daAreas[name], en: enAreas[name] }]),
) as { [A in AreaName]: { da: (typeof daAreas)[A]; en: (typeof enAreas)[A] } };

export type MessageKey = keyof (typeof dictionaries)["da"];
