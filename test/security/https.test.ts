import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Under https the app sends HSTS and names its cookie __Host-…: the settings are read at first use, so they are set
// before any app module loads (the imports below are dynamic for that reason).
const APP_URL = "https://portal.vink.example";
process.env.APP_URL = APP_URL;

let base = "";
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const { securityMiddleware } = await import("~/lib/security.server");
  const app = express();
  app.use(securityMiddleware);
  app.all("/", (_req, res) => res.type("text/plain").send("ok"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(() => close());

describe("the security middleware under https", () => {
  test("sends HSTS and asks the browser to upgrade insecure requests", async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  test("takes a POST only from the https origin itself", async () => {
    const post = (origin?: string) =>
      fetch(`${base}/`, { method: "POST", headers: origin ? { Origin: origin } : {}, body: "a=1" });
    expect((await post(APP_URL)).status).toBe(200);
    expect((await post("http://portal.vink.example")).status).toBe(403);
    expect((await post("https://portal.vink.example:8443")).status).toBe(403);
    expect((await post("https://evil.example")).status).toBe(403);
    expect((await post()).status).toBe(403);
  });
});

describe("cookies under https", () => {
  test("the session cookie is __Host-vink_session: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
    const { startSession, validateRequestSession } = await import("~/lib/auth.server");
    const { createUser } = await import("../support/factories");
    const user = await createUser({ role: "STAFF" });
    const cookie = await startSession(user.id);
    const [pair, ...attributes] = cookie.split(";").map((p) => p.trim());
    expect(pair).toMatch(/^__Host-vink_session=[A-Za-z0-9_-]{20,}$/);
    const attrs = attributes.map((a) => a.toLowerCase());
    expect(attrs).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax", "path=/"]));
    expect(attrs.some((a) => a.startsWith("domain="))).toBe(false);

    // The browser sends it back under that name, and only that name counts.
    const signedIn = await validateRequestSession(pair);
    expect(signedIn.user?.id).toBe(user.id);
    const plain = await validateRequestSession(pair!.replace(/^__Host-/, ""));
    expect(plain.user).toBeNull();
  });

  test("the language cookie is Secure", async () => {
    const { localeCookie } = await import("~/lib/locale.server");
    const { isHttps } = await import("~/lib/env.server");
    expect(isHttps()).toBe(true);
    expect(localeCookie("en", isHttps())).toMatch(/; Secure$/);
  });
});
