/**
 * The invitation mailing under load (`npm run bench`, or alone: `node --import tsx test/bench/invitations.ts`):
 * - seconds to queue an invitation to 5,000 recipients (one outbox row each, with its own calendar file and links);
 * - messages per second delivered by the portal's own worker to a local SMTP server (MAIL_RATE_PER_SECOND applies);
 * - the public pages' p99 while the mailing goes, beside their p99 at rest.
 * Targets (issue 5): queued in under 5 s, at least 100 messages/s, p99 during the send at most twice the p99 at rest.
 * It prints figures and never fails on a target. Settings: BENCH_RECIPIENTS (5000), BENCH_DURATION (10 s per load
 * run), BENCH_CONNECTIONS (50), VINK_BUILD_DIR, BENCH_NODE_ARGS (node flags for the portal, e.g. --cpu-prof).
 */
import { fork, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import type { SinkStats } from "./smtp-sink";
import { createMigratedDb, root, tmpDir } from "../support/db";
import { startPortal as startSharedPortal } from "../support/portal";

const recipients = Number(process.env.BENCH_RECIPIENTS ?? 5000);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const buildDir = process.env.VINK_BUILD_DIR ?? "build";
// e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=.tmp/prof" to profile the portal while it is measured
const portalNodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const dbFile = path.join(tmpDir, `bench-invitations-${process.pid}.db`);
const children: ChildProcess[] = [];

function cleanUp() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(dbFile + suffix, { force: true });
}
const deadline = setTimeout(() => {
  console.error("The invitation benchmark took longer than 7 minutes; stopping.");
  cleanUp();
  process.exit(1);
}, 420_000);
deadline.unref();

/** A local SMTP server that only counts, in a process of its own (test/bench/smtp-sink.ts). */
async function countingSmtp() {
  const child = fork(path.join(root, "test/bench/smtp-sink.ts"), [], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`the SMTP sink exited with ${code}`)));
  });
  const stats = () =>
    new Promise<SinkStats>((resolve) => {
      child.once("message", (m) => resolve(m as SinkStats));
      child.send("stats");
    });
  return { url: `smtp://127.0.0.1:${port}`, stats, close: () => child.disconnect() };
}

async function startPortal(smtpUrl: string): Promise<string> {
  const portal = await startSharedPortal(
    { DATABASE_URL: `file:${dbFile}`, SMTP_URL: smtpUrl, START_WORKER: "true", VINK_BUILD_DIR: buildDir },
    { nodeArgs: portalNodeArgs, timeoutMs: 30_000 },
  );
  children.push(portal.child);
  return portal.url;
}

const load = (url: string, seconds: number): Promise<Result> => autocannon({ url, connections, duration: seconds, timeout: 10 });

async function main() {
  createMigratedDb(dbFile);
  process.env.DATABASE_URL = `file:${dbFile}`;
  process.env.APP_URL ??= "http://localhost:3000";
  const seed = await import("../support/factories");
  const { db } = await import("~/lib/db.server");
  const { composeSchema, prepareInvitation } = await import("~/models/invitation-compose.server");
  const { sendInvitation } = await import("~/models/invitation-sending.server");

  const smtp = await countingSmtp();
  for (let i = 0; i < 20; i++) await seed.createEvent({ capacity: 20 + i });
  const event = await seed.createEvent({ capacity: null });
  const staff = await seed.createUser({ role: "STAFF" });
  const list = Array.from({ length: recipients }, (_, i) => `Modtager ${i + 1};modtager${i + 1}@bench.example.dk`).join("\n");
  const input = composeSchema.parse({ subject: "Invitation til temaaften", message: "Kære alle\n\nVi håber, I vil komme.", pasted: list });

  const portal = await startPortal(smtp.url);
  const publicPath = "/events";
  console.log(`Invitation benchmark: ${recipients} recipients, public page ${publicPath}, autocannon -c ${connections} -d ${duration}`);
  await load(portal + publicPath, 2);
  const rest = await load(portal + publicPath, duration);

  let t = performance.now();
  const prepared = await prepareInvitation({ actorId: staff.id, eventId: event.id, input, table: null });
  if (!prepared.ok) throw new Error(`prepare failed: ${prepared.error}`);
  const prepareS = (performance.now() - t) / 1000;
  t = performance.now();
  const sent = await sendInvitation({ actorId: staff.id, invitationId: prepared.invitationId });
  if (!sent.ok) throw new Error(`send failed: ${sent.error}`);
  const queueS = (performance.now() - t) / 1000;
  console.log(`  prepared in ${prepareS.toFixed(2)} s, queued in ${queueS.toFixed(2)} s`);
  await db.$disconnect();

  // the portal's worker picks the mailing up within a second; measure the public page while it goes
  const during = await load(portal + publicPath, duration);
  const deliveredDuringLoad = (await smtp.stats()).count;
  const until = Date.now() + 180_000;
  let arrived = await smtp.stats();
  while (arrived.count < sent.queued && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    arrived = await smtp.stats();
  }
  const rate = arrived.count > 1 ? (arrived.count - 1) / ((arrived.last - arrived.first) / 1000) : 0;
  smtp.close();

  const fmt = (n: number, d = 0) => n.toLocaleString("en-GB", { maximumFractionDigits: d, minimumFractionDigits: d });
  const rows = [
    ["figure", "value", "target"],
    ["prepare the audience (parse, merge, check opt-outs)", `${fmt(prepareS, 2)} s`, ""],
    [`queue ${fmt(sent.queued)} messages`, `${fmt(queueS, 2)} s`, "< 5 s"],
    ["messages delivered", `${fmt(arrived.count)} of ${fmt(sent.queued)}`, "all"],
    ["delivery rate (first to last message)", `${fmt(rate, 1)} msg/s`, ">= 100 msg/s"],
    [`${publicPath} p99 at rest`, `${rest.latency.p99} ms (${fmt(rest.requests.average)} req/s)`, ""],
    [`${publicPath} p99 during the send`, `${during.latency.p99} ms (${fmt(during.requests.average)} req/s)`, `<= ${rest.latency.p99 * 2} ms`],
    ["messages delivered while under load", fmt(deliveredDuringLoad), ""],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const render = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(`\n${render(rows[0]!)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const r of rows.slice(1)) console.log(render(r));
  console.log(`\nMAIL_RATE_PER_SECOND ${process.env.MAIL_RATE_PER_SECOND ?? "200 (default)"}; one run on this machine.`);
}

main()
  .then(() => {
    cleanUp();
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    cleanUp();
    process.exit(1);
  });
