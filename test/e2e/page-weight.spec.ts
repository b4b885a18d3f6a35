import type { Page } from "@playwright/test";
import { dictionaries } from "~/locales";
import { expect, models, test } from "./fixtures";

/**
 * What a phone downloads for a course page (issue 13, docs/decisions/0016-page-weight.md): the texts of the page's
 * own language only, the woff2 font files it draws and no others, and no route module of another area. The figures
 * (bytes, LCP) are in `npm run bench -- weight`; this file checks what is loaded, never how fast.
 */

test.use({ viewport: { width: 390, height: 844 } });

type Loaded = { url: string; type: string; body: string };

/** Every script, stylesheet and font the page fetched (bodies of scripts only), and the errors it threw. */
function record(page: Page) {
  const loaded: Promise<Loaded>[] = [];
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (!["script", "stylesheet", "font"].includes(type)) return;
    loaded.push((type === "script" ? response.text() : Promise.resolve("")).then((body) => ({ url: response.url(), type, body })));
  });
  return { all: () => Promise.all(loaded), errors };
}

/**
 * Texts of one language that the other language does not have, as they appear in minified JavaScript: plain ASCII
 * (esbuild escapes other characters), long enough to be unmistakable.
 */
function onlyIn(locale: "da" | "en", count = 40): string[] {
  const other = new Set(Object.values(dictionaries[locale === "da" ? "en" : "da"]) as string[]);
  const texts = (Object.values(dictionaries[locale]) as string[]).filter(
    (text) => text.length >= 24 && /^[\x20-\x7e]+$/.test(text) && !/["'\\`{]/.test(text) && !other.has(text),
  );
  expect(texts.length, `ASCII texts only in ${locale}`).toBeGreaterThan(10);
  return texts.slice(0, count);
}

const fileName = (url: string) => new URL(url).pathname.split("/").pop() ?? "";

async function courseSlug() {
  const { createEvent } = await models();
  return (await createEvent({ kind: "COURSE_PARENTS", audience: "RELATIVES" })).slug;
}

for (const [locale, acceptLanguage, nav, link, heading] of [
  ["da", "da-DK", "Hovedmenu", "Arrangementer", dictionaries.da["events.heading"]],
  ["en", "en-GB", "Main menu", "Events", dictionaries.en["events.heading"]],
] as const) {
  test.describe(`in ${acceptLanguage}`, () => {
    test.use({ locale: acceptLanguage });

    test(`a course page loads the ${locale} texts only, woff2 fonts only, and no other area's code`, async ({ page }) => {
      const slug = await courseSlug();
      const seen = record(page);
      await page.goto(`/events/${slug}`);
      await page.waitForLoadState("networkidle");
      await expect(page.locator("html")).toHaveAttribute("lang", locale);

      const loaded = await seen.all();
      const scripts = loaded.filter((l) => l.type === "script");
      const js = scripts.map((s) => s.body).join("\n");
      // the page's own language is there (so the check below is not vacuous), the other language is not
      const own = onlyIn(locale).filter((text) => js.includes(text));
      expect(own.length, `${locale} texts in the page's JavaScript`).toBeGreaterThan(0);
      const foreign = onlyIn(locale === "da" ? "en" : "da").filter((text) => js.includes(text));
      expect(foreign, `texts of the other language in the JavaScript of a ${locale} page`).toEqual([]);

      // only woff2, and only IBM's Latin1 split for a page in Danish or English
      const fonts = loaded.filter((l) => l.type === "font").map((l) => fileName(l.url));
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) expect(font).toMatch(/^IBMPlexSans-[A-Za-z]+-Latin1-[\w-]+\.woff2$/);

      // the route modules are the root's and this page's: nothing of staff, members, the forum or the mailbox
      const names = scripts.map((s) => fileName(s.url));
      expect(names.filter((n) => /^(staff|member|forum|dev|login|registrations|invitations?)[._-]/.test(n))).toEqual([]);
      expect(names.some((n) => n.startsWith("events._eventId-"))).toBe(true);

      // hydrated with the texts it loaded: a client-side navigation renders the next page in the same language
      await page.getByRole("navigation", { name: nav }).getByRole("link", { name: link }).click();
      await expect(page).toHaveURL(/\/events$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      expect(seen.errors).toEqual([]);
    });
  });
}
