import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { fromAcceptLanguage, getLocale, LOCALE_COOKIE } from "~/lib/locale.server";
import { translate } from "~/lib/i18n";
import { areas, dictionaries } from "~/locales";
import { root } from "../support/db";

type Dict = Record<string, string>;
const areaEntries = Object.entries(areas) as [string, { da: Dict; en: Dict }][];

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  test("every locale file is registered as an area, in both languages", () => {
    for (const locale of ["da", "en"]) {
      const files = readdirSync(path.join(root, "app/locales", locale))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => f.replace(/\.ts$/, ""))
        .sort();
      expect(files, `app/locales/${locale}/*.ts against \`areas\` in app/locales/index.ts`).toEqual(Object.keys(areas).sort());
    }
  });

  test("the dictionaries hold exactly the areas' keys, and no key is in two areas", () => {
    for (const locale of ["da", "en"] as const) {
      const owners = new Map<string, string[]>();
      for (const [area, pair] of areaEntries) for (const key of Object.keys(pair[locale])) owners.set(key, [...(owners.get(key) ?? []), area]);
      const twice = [...owners].filter(([, list]) => list.length > 1).map(([key, list]) => `${key} (${list.join(", ")})`);
      expect(twice, `${locale}: keys defined in more than one area (one silently wins)`).toEqual([]);
      expect(Object.keys(dictionaries[locale]).sort(), `${locale}: dictionaries and areas differ`).toEqual([...owners.keys()].sort());
    }
  });

  for (const [area, { da, en }] of areaEntries) {
    test(`${area}: the same keys in Danish and English`, () => {
      const missingEn = Object.keys(da).filter((k) => !(k in en));
      const missingDa = Object.keys(en).filter((k) => !(k in da));
      expect(missingEn, `keys in app/locales/da/${area}.ts missing from en`).toEqual([]);
      expect(missingDa, `keys in app/locales/en/${area}.ts missing from da`).toEqual([]);
    });

    test(`${area}: no empty texts, and the same {placeholders} in both languages`, () => {
      const empty = [...Object.entries(da).map(([k, v]) => ["da", k, v]), ...Object.entries(en).map(([k, v]) => ["en", k, v])]
        .filter(([, , v]) => typeof v !== "string" || v.trim() === "")
        .map(([l, k]) => `${l}: ${k}`);
      expect(empty, "empty texts").toEqual([]);
      const differing = Object.keys(da)
        .filter((k) => k in en)
        .filter((k) => placeholders(da[k]!).join(",") !== placeholders(en[k]!).join(","))
        .map((k) => `${k}: da {${placeholders(da[k]!).join("}, {")}} en {${placeholders(en[k]!).join("}, {")}}`);
      expect(differing, "placeholders that differ between the languages").toEqual([]);
    });
  }

  test("translate fills placeholders and leaves unknown ones visible", () => {
    expect(translate("da", "mail.greeting", { name: "Amina" })).toBe("Kære Amina");
    expect(translate("en", "mail.greeting", { name: "Amina" })).toBe("Dear Amina");
    expect(translate("en", "mail.greeting")).toBe("Dear {name}");
  });
});

function request(headers: Record<string, string>) {
  return new Request("http://localhost/", { headers });
}

describe("choosing the language", () => {
  test("the cookie wins over the browser's Accept-Language", () => {
    expect(getLocale(request({ Cookie: `${LOCALE_COOKIE}=en`, "Accept-Language": "da-DK,da;q=0.9" }))).toBe("en");
    expect(getLocale(request({ Cookie: `other=1; ${LOCALE_COOKIE}=da; x=y`, "Accept-Language": "en-GB" }))).toBe("da");
  });

  test("a cookie with an unknown language, or a look-alike name, is ignored", () => {
    expect(getLocale(request({ Cookie: `${LOCALE_COOKIE}=de`, "Accept-Language": "en" }))).toBe("en");
    expect(getLocale(request({ Cookie: `x${LOCALE_COOKIE}=en` }))).toBe("da");
    expect(getLocale(request({ Cookie: `${LOCALE_COOKIE}=english` }))).toBe("da");
  });

  test("then Accept-Language, by q-value rather than by order", () => {
    expect(getLocale(request({ "Accept-Language": "en-GB,en;q=0.9" }))).toBe("en");
    expect(fromAcceptLanguage("da;q=0.4, en;q=0.8")).toBe("en");
    expect(fromAcceptLanguage("en;q=0.5, da")).toBe("da");
    expect(fromAcceptLanguage("de-DE, fr;q=0.9, en;q=0.3")).toBe("en");
    expect(fromAcceptLanguage("EN-us")).toBe("en");
    expect(fromAcceptLanguage("en;q=0, da;q=0.1")).toBe("da");
  });

  test("then Danish", () => {
    expect(getLocale(request({}))).toBe("da");
    expect(fromAcceptLanguage(null)).toBe("da");
    expect(fromAcceptLanguage("")).toBe("da");
    expect(fromAcceptLanguage("de-DE,fr;q=0.9")).toBe("da");
    expect(fromAcceptLanguage("en;q=0")).toBe("da");
    expect(fromAcceptLanguage("*")).toBe("da");
    expect(fromAcceptLanguage("garbage;;;q=x,,")).toBe("da");
  });
});
