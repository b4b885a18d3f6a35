import path from "node:path";
import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";
import { dropUnusedDkfdsRules, plexSplitFonts } from "./app/styles/dkfds-css";
import remixConfig from "./remix.config.js";

const appDir = fileURLToPath(new URL("./app", import.meta.url));

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * In the browser `~/locales` is app/locales/browser.ts: the page's own language, loaded by app/entry.client.tsx
 * before hydration, instead of both languages' every text (app/locales/index.ts, what the server uses).
 */
function browserDictionaries(): Plugin {
  const browser = path.join(appDir, "locales/browser.ts");
  return {
    name: "vink-browser-dictionaries",
    enforce: "pre",
    resolveId(source, _importer, options) {
      return source === "~/locales" && !options?.ssr ? browser : null;
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [!process.env.VITEST && browserDictionaries(), !process.env.VITEST && remix(remixConfig), tsconfigPaths()],
  build: {
    target: "es2022",
    // nothing inlined: dkfds's ~190 icons and two placeholder logos would otherwise sit in its CSS as data: URIs on
    // every page (~20 KB compressed); as files, a page fetches the few it shows
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // the chunk every page shares holds React and Remix; Rollup would name it after one of our modules in it
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => id.includes("/node_modules/react-dom/")) ? "assets/framework-[hash].js" : "assets/[name]-[hash].js",
      },
    },
  },
  // dkfds's fonts as IBM's split woff2 files, and in a production build only the dkfds rules our pages can use
  css: { postcss: { plugins: [plexSplitFonts(), ...(command === "build" ? [dropUnusedDkfdsRules(appDir)] : [])] } },
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    exclude: ["test/e2e/**", "node_modules/**"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup-file.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
}));
