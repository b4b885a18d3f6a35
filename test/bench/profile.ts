/**
 * Sums a V8 .cpuprofile (node --cpu-prof, e.g. `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=.tmp/prof" npm run bench`):
 * self time by package or file, self time by function, and the inclusive time of the functions that matter for a
 * request (a function counted once per sample however deep it recurses). docs/decisions/0030-frame-cost.md.
 *   node --import tsx test/bench/profile.ts .tmp/prof/CPU…cpuprofile [--top 30] [--match session,render]
 */
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a) && args[args.indexOf(a) - 1] !== "--match");
if (!file) throw new Error("usage: profile.ts <file.cpuprofile> [--top N] [--match a,b]");
const top = Number(args[args.indexOf("--top") + 1]) || 30;
const match = args.includes("--match") ? args[args.indexOf("--match") + 1]!.split(",") : [];

const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** node_modules/<package> or the file under the project, "(native)" for V8's own. */
function where(url: string) {
  if (!url) return "(native/V8)";
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\/.*?\/(app|build|\.tmp|test)\//, "$1/");
}
const label = (n: Node) => `${n.callFrame.functionName || "(anonymous)"} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const selfByNode = new Map<number, number>();
profile.samples.forEach((id, i) => selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfByNode.values()].reduce((a, b) => a + b, 0);
const idle = [...selfByNode].filter(([id]) => /^\((idle|program|garbage collector)\)$/.test(byId.get(id)!.callFrame.functionName));

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of selfByNode) {
  const n = byId.get(id)!;
  const special = /^\(.*\)$/.test(n.callFrame.functionName) ? n.callFrame.functionName : null;
  add(byPlace, special ?? where(n.callFrame.url), us);
  add(byFunction, special ?? label(n), us);
}

const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %`;
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled; idle, program and GC: ${idle.map(([id, us]) => `${byId.get(id)!.callFrame.functionName} ${(us / 1000).toFixed(0)} ms`).join(", ")}`);
print("self time by package / file", byPlace);
print("self time by function", byFunction);

if (match.length) {
  // inclusive: every function on the sampled stack whose label contains one of the words, once per sample
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!);
      if (!seen.has(l) && match.some((w) => l.includes(w))) {
        seen.add(l);
        add(inclusive, l, profile.timeDeltas[i] ?? 0);
      }
    }
  });
  print(`inclusive time of functions matching ${match.join(", ")}`, inclusive);
}
