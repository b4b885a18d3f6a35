import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliDecompressSync } from "node:zlib";
import postcss from "postcss";
import { describe, expect, it } from "vitest";
import { dropUnusedDkfdsRules, plexSplitFonts, plexSplits } from "~/styles/dkfds-css";
import { root, tmpDir } from "../support/db";

/**
 * What the build does to dkfds.min.css (app/styles/dkfds-css.ts, docs/decisions/0016-page-weight.md), run on the
 * real file from node_modules: the fonts become IBM's split woff2 files with the right unicode-range, and only the
 * rules our source can use are kept.
 */
const dkfdsDir = path.join(root, "node_modules/dkfds/dist/css");
const dkfdsFile = path.join(dkfdsDir, "dkfds.min.css");
const splitDir = path.join(root, "node_modules/dkfds/dist/fonts/IBMPlexSans/split/woff2");

const run = async (plugin: postcss.Plugin, css = readFileSync(dkfdsFile, "utf8"), from = dkfdsFile) =>
  (await postcss([plugin]).process(css, { from })).root;

/** The code points a woff2 file maps to glyphs (its cmap table, formats 4 and 12). */
function codePoints(file: string): number[] {
  const tags = ["cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post", "cvt ", "fpgm", "glyf", "loca", "prep"];
  const b = readFileSync(file);
  let o = 48;
  const base128 = () => {
    let v = 0;
    for (let i = 0; i < 5; i++) {
      const x = b[o++]!;
      v = v * 128 + (x & 127);
      if (!(x & 128)) break;
    }
    return v;
  };
  const tables: { tag: string; length: number }[] = [];
  for (let i = 0; i < b.readUInt16BE(12); i++) {
    const flags = b[o++]!;
    let tag = tags[flags & 63] ?? "";
    if ((flags & 63) === 63) {
      tag = b.toString("latin1", o, o + 4);
      o += 4;
    }
    const original = base128();
    const transformed = tag === "glyf" || tag === "loca" ? flags >> 6 === 0 : flags >> 6 !== 0;
    tables.push({ tag, length: transformed ? base128() : original });
  }
  const data = brotliDecompressSync(b.subarray(o, o + b.readUInt32BE(20)));
  let at = 0;
  let cmap = Buffer.alloc(0);
  for (const t of tables) {
    if (t.tag === "cmap") cmap = data.subarray(at, at + t.length);
    at += t.length;
  }
  const found = new Set<number>();
  for (let i = 0; i < cmap.readUInt16BE(2); i++) {
    const off = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(off);
    if (format === 4) {
      const segs = cmap.readUInt16BE(off + 6) / 2;
      const ends = off + 14;
      const starts = ends + segs * 2 + 2;
      const deltas = starts + segs * 2;
      const offsets = deltas + segs * 2;
      for (let s = 0; s < segs; s++) {
        const [end, start, delta, ro] = [cmap.readUInt16BE(ends + s * 2), cmap.readUInt16BE(starts + s * 2), cmap.readInt16BE(deltas + s * 2), cmap.readUInt16BE(offsets + s * 2)];
        for (let c = start; c <= end && c !== 0xffff; c++) {
          const glyph = ro === 0 ? (c + delta) & 0xffff : cmap.readUInt16BE(offsets + s * 2 + ro + (c - start) * 2);
          if (glyph) found.add(c);
        }
      }
    } else if (format === 12) {
      for (let g = 0; g < cmap.readUInt32BE(off + 12); g++) {
        const [start, end, glyph] = [cmap.readUInt32BE(off + 16 + g * 12), cmap.readUInt32BE(off + 20 + g * 12), cmap.readUInt32BE(off + 24 + g * 12)];
        for (let c = start; c <= end; c++) if (glyph + c - start) found.add(c);
      }
    }
  }
  return [...found].sort((x, y) => x - y);
}

function unicodeRange(points: number[]): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
  const out: string[] = [];
  for (let i = 0; i < points.length; ) {
    let j = i;
    while (j + 1 < points.length && points[j + 1] === points[j]! + 1) j++;
    out.push(i === j ? `U+${hex(points[i]!)}` : `U+${hex(points[i]!)}-${hex(points[j]!)}`);
    i = j + 1;
  }
  return out.join(", ");
}

describe("IBM Plex Sans as split woff2 files", () => {
  it("replaces every complete font of dkfds with one woff2 rule per split file, each with its unicode-range", async () => {
    const css = await run(plexSplitFonts());
    const faces: Record<string, string>[] = [];
    css.walkAtRules("font-face", (rule) => {
      const face: Record<string, string> = {};
      rule.walkDecls((d) => {
        face[d.prop] = d.value;
      });
      if (/IBM Plex Sans/.test(face["font-family"] ?? "")) faces.push(face);
    });
    // dkfds declares 4 weights × 2 styles; each is now 6 files
    expect(faces).toHaveLength(8 * Object.keys(plexSplits).length);
    for (const face of faces) {
      expect(face.src).toMatch(/^url\(\.\.\/fonts\/IBMPlexSans\/split\/woff2\/IBMPlexSans-[A-Za-z]+-[A-Za-z0-9]+\.woff2\) format\("woff2"\)$/);
      expect(face["font-display"]).toBe("swap");
      const [, file, split] = /(IBMPlexSans-[A-Za-z]+-([A-Za-z0-9]+)\.woff2)/.exec(face.src!)!;
      expect(existsSync(path.join(splitDir, file!)), file).toBe(true);
      expect(face["unicode-range"]).toBe(plexSplits[split as keyof typeof plexSplits]);
    }
    expect(css.toString()).not.toMatch(/\.(woff|eot|ttf)\b(?!2)/);
  });

  it("the unicode-range of each split is exactly the characters its files hold, in every weight", () => {
    for (const [split, range] of Object.entries(plexSplits)) {
      for (const weight of ["Regular", "Italic", "Medium", "SemiBold", "Bold", "BoldItalic"]) {
        expect(unicodeRange(codePoints(path.join(splitDir, `IBMPlexSans-${weight}-${split}.woff2`))), `${weight} ${split}`).toBe(range);
      }
    }
  });

  it("leaves other stylesheets alone", async () => {
    const css = "@font-face{font-family:IBM Plex Sans;src:url(x/complete/woff2/IBMPlexSans-Regular.woff2)}";
    expect((await run(plexSplitFonts(), css, path.join(root, "app/styles/app.css"))).toString()).toBe(css);
  });
});

describe("only the dkfds rules our source can use", () => {
  const appDir = mkdtempSync(path.join(tmpDir, "purge-app-"));
  writeFileSync(
    path.join(appDir, "page.tsx"),
    'export const Page = ({ kind }: { kind: string }) => <div className={`alert alert-${kind}`}><button className="button button-primary" /></div>;',
  );
  const css = [
    "h1{font-weight:700}",
    ".button{padding:8px}",
    ".button.button-primary{color:#fff}",
    ".button-secondary{color:#000}",
    ".alert-success,.datepicker{border:1px solid}",
    ".tab-container .tab-button{margin:0}",
    ".form-checkbox:not(.mixed)+label{display:block}",
    "@media (min-width:768px){.col-md-3{width:25%}}",
    "@keyframes spin{from{transform:rotate(0)}to{transform:rotate(1turn)}}",
  ].join("");

  it("keeps element rules, classes we write, classes made from a prefix we write; drops the rest", async () => {
    try {
      const out = (await run(dropUnusedDkfdsRules(appDir), css)).toString();
      expect(out).toContain("h1{font-weight:700}");
      expect(out).toContain(".button{padding:8px}");
      expect(out).toContain(".button.button-primary{color:#fff}");
      expect(out).toContain(".alert-success{border:1px solid}"); // `alert-${kind}`; .datepicker left the list
      expect(out).toContain("@keyframes spin");
      expect(out).not.toContain("button-secondary");
      expect(out).not.toContain("tab-button");
      expect(out).not.toContain("form-checkbox"); // :not(.mixed) is not needed, but .form-checkbox is
      expect(out).not.toContain("@media"); // its only rule went, and so did it
    } finally {
      rmSync(appDir, { recursive: true, force: true });
    }
  });

  it("keeps what the portal's own pages use, from the real dkfds.min.css", async () => {
    const out = (await run(dropUnusedDkfdsRules(path.join(root, "app")))).toString();
    for (const used of [".button-primary", ".form-input", ".alert-success", ".skipnav", ".footer"]) expect(out).toContain(used);
    for (const unused of [".icon-account", ".date-picker", ".tab-container", ".step-indicator li"]) expect(out).not.toContain(unused);
    expect(out.length).toBeLessThan(readFileSync(dkfdsFile, "utf8").length / 3);
  });
});
