/**
import { paths } from "~/lib/urls";
 * Page weight on a phone (`npm run bench -- weight`, or alone: `node --import tsx test/bench/page-weight.ts`):
 * a first visit (empty browser cache) of the home page and a course page from the demo seed, in Debian's Chromium
 * emulating a mid-range phone — 390×844, 4× CPU slowdown, 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip — over
 * loopback only. It prints the bytes that crossed the (emulated) network, by type, and the Largest Contentful Paint,
 * beside the targets of issue 13: at most 200 KB and LCP at most 1.5 s. It prints figures and never fails on a target.
 *
 * Settings: BENCH_WEIGHT_RUNS (loads per page, default 3; the median is printed), BENCH_WEIGHT_FILES=1 (list every
 * file of the first run), VINK_BUILD_DIR, CHROMIUM_PATH (default /usr/bin/chromium).
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { createMigratedDb, root, tmpDir } from "../support/db";
import { startPortal as startSharedPortal } from "../support/portal";

/** What a mid-range phone on a slow mobile connection gets (the figures of issue 13). */
export const phone = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  cpuSlowdown: 4,
  latencyMs: 150,
  downBytesPerS: 200_000, // 1.6 Mbit/s
  upBytesPerS: 93_750, // 750 kbit/s
};
export const targets = { bytes: 200 * 1000, lcpMs: 1500 };

export type Kind = "html" | "js" | "css" | "fonts" | "other";
export type FileLoad = { url: string; kind: Kind; bytes: number; status: number };
export type PageWeight = { bytes: Record<Kind | "total", number>; files: FileLoad[]; fcpMs: number | null; lcpMs: number | null };

const kindOf = (type: string | undefined, mimeType: string): Kind =>
  type === "Document" ? "html" : type === "Script" ? "js" : type === "Stylesheet" ? "css" : type === "Font" ? "fonts" : /javascript/.test(mimeType) ? "js" : "other";

/**
 * One first visit of `url` in a fresh browser context on the emulated phone: every response's encoded (on-the-wire)
 * length summed when it finished loading, and the last largest-contentful-paint entry once the network is quiet.
 */
export async function measurePage(browser: Browser, url: string, locale = "da-DK"): Promise<PageWeight> {
  const context = await browser.newContext({
    viewport: phone.viewport,
    deviceScaleFactor: phone.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: "Europe/Copenhagen",
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __lcp: number | null; __fcp: number | null };
    w.__lcp = null;
    w.__fcp = null;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__lcp = entry.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") w.__fcp = entry.startTime;
    }).observe({ type: "paint", buffered: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: phone.latencyMs,
    downloadThroughput: phone.downBytesPerS,
    uploadThroughput: phone.upBytesPerS,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: phone.cpuSlowdown });

  const responses = new Map<string, { url: string; kind: Kind; status: number }>();
  const files: FileLoad[] = [];
  cdp.on("Network.responseReceived", (e) =>
    responses.set(e.requestId, { url: e.response.url, kind: kindOf(e.type, e.response.mimeType), status: e.response.status }),
  );
  cdp.on("Network.loadingFinished", (e) => {
    const r = responses.get(e.requestId);
    if (r && !r.url.startsWith("data:")) files.push({ ...r, bytes: e.encodedDataLength });
  });

  await page.goto(url, { waitUntil: "load", timeout: 30_000 });
  await page.waitForLoadState("networkidle", { timeout: 15_000 });
  const { lcp, fcp } = await page.evaluate(() => {
    const w = window as unknown as { __lcp: number | null; __fcp: number | null };
    return { lcp: w.__lcp, fcp: w.__fcp };
  });
  await context.close();

  const bytes = { html: 0, js: 0, css: 0, fonts: 0, other: 0, total: 0 };
  for (const f of files) {
    bytes[f.kind] += f.bytes;
    bytes.total += f.bytes;
  }
  return { bytes, files, fcpMs: fcp, lcpMs: lcp };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

/** The median of each figure over several loads of one page. */
export function medianOf(runs: PageWeight[]) {
  const pick = (f: (r: PageWeight) => number | null) => median(runs.map(f).filter((x): x is number => x !== null));
  return {
    html: pick((r) => r.bytes.html),
    js: pick((r) => r.bytes.js),
    css: pick((r) => r.bytes.css),
    fonts: pick((r) => r.bytes.fonts),
    other: pick((r) => r.bytes.other),
    total: pick((r) => r.bytes.total),
    requests: pick((r) => r.files.length),
    fcpMs: pick((r) => r.fcpMs),
    lcpMs: pick((r) => r.lcpMs),
  };
}

// ── the scenario, run as a process of its own by test/bench/run.ts ──

const runs = Math.max(1, Number(process.env.BENCH_WEIGHT_RUNS ?? 3));
const buildDir = process.env.VINK_BUILD_DIR ?? "build";
const dbFile = path.join(tmpDir, `bench-weight-${process.pid}.db`);
const children: ChildProcess[] = [];
let browser: Browser | undefined;

async function cleanUp() {
  await browser?.close().catch(() => undefined);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(dbFile + suffix, { force: true });
}

async function startPortal(): Promise<string> {
  // the mail worker is off: SMTP_URL is never used
  const portal = await startSharedPortal(
    { DATABASE_URL: `file:${dbFile}`, SMTP_URL: "smtp://127.0.0.1:9", START_WORKER: "false", VINK_BUILD_DIR: buildDir },
    { timeoutMs: 30_000 },
  );
  children.push(portal.child);
  return portal.url;
}

/** The demo seed's parents' course, at the address the portal answers for it. */
async function seedDemo(portal: string): Promise<string> {
  const { db } = await import("~/lib/db.server");
  const { seed } = await import("../../prisma/seed");
  const { paths } = await import("~/lib/urls");
  await seed(db);
  const course = await db.event.findFirstOrThrow({ where: { kind: "COURSE_PARENTS", status: "PUBLISHED" }, orderBy: { firstStartsAt: "asc" } });
  await db.$disconnect();
  // the opaque address once the event page answers it; the slug on a build from before
  for (const candidate of [paths.publicEvent(course), `/events/${course.slug}`]) {
    if ((await fetch(portal + candidate, { redirect: "manual" })).status === 200) return candidate;
  }
  throw new Error(`the course page ${paths.publicEvent(course)} does not answer 200`);
}

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function main() {
  if (!existsSync(chromiumPath)) {
    console.log(`Page weight: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH); skipped.`);
    return;
  }
  const started = Date.now();
  createMigratedDb(dbFile);
  process.env.DATABASE_URL = `file:${dbFile}`;
  process.env.APP_URL ??= "http://localhost:3000";
  const portal = await startPortal();
  const coursePath = await seedDemo(portal);
  const pages = [
    { name: "home, Danish", path: "/", locale: "da-DK" },
    { name: "course page, Danish", path: coursePath, locale: "da-DK" },
    { name: "course page, English", path: coursePath, locale: "en-GB" },
  ];
  // a server that has answered before, as one in service has: its first answer's start-up cost is not the phone's
  for (const p of pages) await fetch(portal + p.path, { headers: { "Accept-Language": p.locale } });

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  console.log(
    `Page weight: first visit on an emulated phone (${phone.viewport.width}×${phone.viewport.height}, ${phone.cpuSlowdown}× CPU slowdown, ` +
      `${(phone.downBytesPerS * 8) / 1e6} Mbit/s down, ${phone.latencyMs} ms RTT), median of ${runs} load${runs > 1 ? "s" : ""} per page`,
  );
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  const rows = [["page", "path", "html", "js", "css", "fonts", "other", "total", "requests", "FCP", "LCP"]];
  for (const p of pages) {
    const measured: PageWeight[] = [];
    for (let i = 0; i < runs; i++) measured.push(await measurePage(browser, portal + p.path, p.locale));
    if (process.env.BENCH_WEIGHT_FILES) {
      console.log(`\n  ${p.name} (${p.path}), first load:`);
      for (const f of [...measured[0]!.files].sort((a, b) => b.bytes - a.bytes)) {
        console.log(`    ${f.kind.padEnd(5)} ${kb(f.bytes).padStart(9)}  ${f.status}  ${f.url.replace(portal, "")}`);
      }
    }
    const m = medianOf(measured);
    rows.push([p.name, p.path, kb(m.html), kb(m.js), kb(m.css), kb(m.fonts), kb(m.other), kb(m.total), String(m.requests), `${Math.round(m.fcpMs)} ms`, `${Math.round(m.lcpMs)} ms`]);
  }
  rows.push(["target", "", "", "", "", "", "", `<= ${kb(targets.bytes)}`, "", "", `<= ${targets.lcpMs} ms`]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const render = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(`\n${render(rows[0]!)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const r of rows.slice(1)) console.log(render(r));
  console.log(
    `\nBytes as they crossed the emulated network (encoded: compressed, with headers), KB = 1,000 bytes; "other" is the ` +
      `favicon and Remix's route-manifest requests. One run on this machine (${((Date.now() - started) / 1000).toFixed(0)} s).`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(root, "test/bench/page-weight.ts")) {
  // Bounded in time: whatever happens, the browser and the portal stop within three minutes.
  const deadline = setTimeout(() => {
    console.error("The page-weight benchmark took longer than 3 minutes; stopping.");
    void cleanUp().then(() => process.exit(1));
  }, 180_000);
  deadline.unref();
  main()
    .then(async () => {
      await cleanUp();
      process.exit(0);
    })
    .catch(async (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      await cleanUp();
      process.exit(1);
    });
}
