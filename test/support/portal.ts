import { spawn } from "node:child_process";
import path from "node:path";
import { root } from "./db";
import { freePort } from "./net";

/** SECRET_KEY of every portal the tests start; a test process that seals secrets for it (the factories) sets the same. */
export const TEST_SECRET_KEY = "test-secret-key-for-the-production-build-0123456789";

/**
 * The one way tests and benchmarks start the portal: the production build (app/server.js, NODE_ENV=production) on a
 * free port with these settings, answered when /healthz answers. `stop` ends it with SIGTERM and waits.
 */
export async function startPortal(settings: Record<string, string>, options: { nodeArgs?: string[]; timeoutMs?: number } = {}) {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const logs: string[] = [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(root, "app/server.js")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: url,
      MAIL_FROM: "VINK <vink@kk.dk>",
      SECRET_KEY: TEST_SECRET_KEY,
      UNIT_EMAIL: "vink@kk.dk",
      ...settings,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => logs.push(String(d)));
  child.stderr?.on("data", (d) => logs.push(String(d)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  const until = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The portal exited:\n${logs.join("")}`);
    if (Date.now() > until) {
      await stop();
      throw new Error(`The portal did not answer /healthz:\n${logs.join("")}`);
    }
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, logs, stop, child };
    } catch {
      /* not yet listening */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Signs in against a running portal with fetch, as the benchmarks do: the password, then for staff the second step
 * with the factories' authenticator app (docs/decisions/0022-second-factor.md). Returns the session cookie pair.
 */
export async function signInByFetch(url: string, email: string, password: string): Promise<string> {
  const { freshTotpCode } = await import("./totp");
  const form = (body: Record<string, string>, cookie?: string) =>
    fetch(url + (cookie ? "/login/verify" : "/login"), {
      method: "POST",
      redirect: "manual",
      headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(body),
    });
  const res = await form({ email, password });
  let cookie = res.headers.getSetCookie().find((c) => /^(__Host-)?vink_session=/.test(c));
  const pending = res.headers.getSetCookie().find((c) => /^(__Host-)?vink_pending=/.test(c));
  if (res.status === 302 && pending) {
    const verify = await form({ intent: "totp", code: await freshTotpCode(email) }, pending.split(";")[0]!);
    cookie = verify.headers.getSetCookie().find((c) => /^(__Host-)?vink_session=/.test(c));
  }
  if (res.status !== 302 || !cookie) throw new Error(`Signing in as ${email} failed (${res.status})`);
  return cookie.split(";")[0]!;
}
