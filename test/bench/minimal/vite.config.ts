// The bench-only Remix app (see server.js beside it): one route with a loader, built by the same
// Remix Vite plugin with the portal's future flags, into .tmp/bench-minimal. `npm run bench` builds it when needed.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "../../../remix.config.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export default defineConfig({
  root,
  logLevel: "warn",
  build: { target: "es2022" },
  plugins: [remix({ ...remixConfig, appDirectory: "test/bench/minimal/app", buildDirectory: ".tmp/bench-minimal" })],
});
