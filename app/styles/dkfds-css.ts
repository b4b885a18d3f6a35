/**
 * What the production build does to dkfds.min.css (vite.config.ts), so a page downloads only what it can use
 * (docs/decisions/0016-page-weight.md). Nothing here reaches the browser as code; it runs in the build.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin as PostcssPlugin, Root } from "postcss";

const isDkfds = (root: Root) => Boolean(root.source?.input.file?.includes(`${path.sep}dkfds${path.sep}dist${path.sep}css${path.sep}`));

/**
 * The characters each of IBM's split woff2 files of IBM Plex Sans holds (read from the files' cmap tables; the same
 * for every weight): with these as unicode-range a browser fetches a file only when the page draws one of its
 * characters, and a Danish or English page needs Latin1 alone.
 */
export const plexSplits = {
  Latin1:
    "U+0000, U+000D, U+0020-007E, U+00A0-00FF, U+0131, U+0152-0153, U+02C6, U+02DA, U+02DC, U+2013-2014, U+2018-201A, U+201C-201E, U+2020-2022, U+2026, U+2030, U+2039-203A, U+2044, U+20AC, U+2122, U+2212, U+FB01-FB02",
  Latin2:
    "U+0100-0101, U+0104-0130, U+0132-0151, U+0154-017F, U+018F, U+0192, U+01A0-01A1, U+01AF-01B0, U+01FA-01FF, U+0218-021B, U+0237, U+0259, U+1E80-1E85, U+1E9E, U+20A1, U+20A4, U+20A6, U+20A8-20AA, U+20AD-20AE, U+20B1-20B2, U+20B4-20B5, U+20B8-20BA, U+20BD, U+20BF",
  Latin3: "U+0102-0103, U+01CD-01DC, U+1EA0-1EF9, U+20AB",
  Pi: "U+0E3F, U+2032-2033, U+2070, U+2074-2079, U+2080-2089, U+2113, U+2116, U+2126, U+212E, U+2150-2151, U+2153-215E, U+2190-2199, U+21A9-21AA, U+21B0-21B3, U+21B6-21B7, U+21BA-21BB, U+21C4, U+21C6, U+2202, U+2206, U+220F, U+2211, U+2215, U+221A, U+221E, U+222B, U+2248, U+2260, U+2264-2265, U+25CA, U+2713, U+274C, U+2B0E-2B11, U+ECE0, U+EFCC",
  Cyrillic:
    "U+0400-045F, U+0472-0473, U+0490-049D, U+04A0-04A5, U+04AA-04AB, U+04AE-04B3, U+04B6-04BB, U+04C0-04C2, U+04CF-04D9, U+04DC-04DF, U+04E2-04E9, U+04EE-04F5, U+04F8-04F9",
  Greek: "U+037E, U+0386-038A, U+038C, U+038E-03A1, U+03A3-03CE",
};

/**
 * dkfds declares each weight of IBM Plex Sans as the complete font (the regular one as .eot, .woff, .woff2 and .ttf,
 * and Chromium takes the .woff): 60–80 KB a weight with every script in it. Each of those rules becomes one rule per
 * split woff2 file of the same weight and style, from dkfds's own split/woff2 folder (IBM's files, unchanged).
 */
export function plexSplitFonts(): PostcssPlugin {
  return {
    postcssPlugin: "vink-plex-split-fonts",
    Once(root, { AtRule, Declaration }) {
      if (!isDkfds(root)) return;
      root.walkAtRules("font-face", (rule) => {
        let family = "";
        let woff2 = "";
        rule.walkDecls((decl) => {
          if (decl.prop === "font-family") family = decl.value.replace(/["']/g, "");
          if (decl.prop === "src") woff2 = /complete\/woff2\/(IBMPlexSans-[A-Za-z]+)\.woff2/.exec(decl.value)?.[1] ?? "";
        });
        if (family !== "IBM Plex Sans") return;
        if (!woff2) throw new Error(`dkfds's @font-face for IBM Plex Sans names no woff2 file: ${rule.toString()}`);
        rule.replaceWith(
          Object.entries(plexSplits).map(([split, range]) => {
            // every new node carries the rule's source, so Vite resolves the url() beside dkfds.min.css
            const face = new AtRule({ name: "font-face", source: rule.source });
            rule.each((node) => {
              if (node.type === "decl" && node.prop !== "src") face.append(node.clone());
            });
            const src = `url(../fonts/IBMPlexSans/split/woff2/${woff2}-${split}.woff2) format("woff2")`;
            face.append(new Declaration({ prop: "src", value: src, source: rule.source }));
            face.append(new Declaration({ prop: "unicode-range", value: range, source: rule.source }));
            return face;
          }),
        );
      });
    },
  };
}

/** Every word of the app's source (routes, components, the root, lib, styles): a class we use is one of them. */
function wordsOf(dir: string): Set<string> {
  const self = fileURLToPath(import.meta.url); // this file names classes it is not using
  const words = new Set<string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated") walk(file);
      } else if (/\.(tsx?|css)$/.test(entry.name) && file !== self) {
        for (const word of readFileSync(file, "utf8").match(/[A-Za-z0-9_-]+/g) ?? []) words.add(word);
      }
    }
  };
  walk(dir);
  return words;
}

/**
 * Only the rules of dkfds that can match our pages: dkfds ships every component (date pickers, tabs, step
 * indicators, ~160 icon classes, a grid of every size) in 215 KB; we use a few. A selector stays when each class it
 * needs appears in the app's source as a word — or starts with a word that ends in "-", for names made like
 * `alert-${kind}` — or when it names no class; classes inside :not() are not needed, and :is/:where/:has are kept
 * whole. Run by the production build only, when the source is complete; development serves all of dkfds.
 */
export function dropUnusedDkfdsRules(appDir: string): PostcssPlugin {
  return {
    postcssPlugin: "vink-drop-unused-dkfds-rules",
    Once(root) {
      if (!isDkfds(root)) return;
      const words = wordsOf(appDir);
      const prefixes = [...words].filter((w) => w.length > 2 && w.endsWith("-"));
      const used = (cls: string) => words.has(cls) || prefixes.some((p) => cls.startsWith(p));
      const needed = (selector: string) =>
        /:(is|where|has)\(/.test(selector) ||
        [...selector.replace(/:not\([^)]*\)/g, "").matchAll(/\.(-?[A-Za-z_][\w-]*)/g)].every((m) => used(m[1]!));
      root.walkRules((rule) => {
        if (rule.parent?.type === "atrule" && /keyframes$/.test((rule.parent as { name: string }).name)) return;
        const kept = rule.selectors.filter(needed);
        if (!kept.length) rule.remove();
        else if (kept.length < rule.selectors.length) rule.selectors = kept;
      });
      // a media query whose every rule went goes too
      root.walkAtRules((atRule) => {
        if (atRule.nodes && atRule.nodes.length === 0) atRule.remove();
      });
    },
  };
}
