/**
 * The yearly status on a real year (`npm run bench -- status`, or alone: `node --import tsx test/bench/status.ts`):
 * 300 events, 1,200 sessions, 5,000 registrations, 10,000 attendance rows and 2,000 evaluation answers in one year, plus a forum of 60
 * organisations and 30 invitations to 50 people each. It prints how long the production build takes to answer the
 * status page and the XLSX, one request at a time (median, 95th percentile, slowest).
 * Targets (issue 10): the page under 300 ms, the XLSX under 2 s. It prints figures and never fails on a target.
 * Settings: BENCH_STATUS_RUNS (page requests, default 30), VINK_BUILD_DIR, BENCH_NODE_ARGS.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { createMigratedDb, tmpDir } from "../support/db";
import { signInByFetch, startPortal, TEST_SECRET_KEY } from "../support/portal";

const runs = Number(process.env.BENCH_STATUS_RUNS ?? 30);
const buildDir = process.env.VINK_BUILD_DIR ?? "build";
const portalNodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const dbFile = path.join(tmpDir, `bench-status-${process.pid}.db`);
let stopPortal: (() => Promise<void>) | undefined;

function cleanUp() {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(dbFile + suffix, { force: true });
}
const deadline = setTimeout(() => {
  console.error("The status benchmark took longer than 3 minutes; stopping.");
  void stopPortal?.().finally(() => {
    cleanUp();
    process.exit(1);
  });
}, 180_000);
deadline.unref();

const SIZE = { events: 300, sessionsPerEvent: 4, registrations: 5000, attendance: 10_000, evaluationAnswers: 2000, organisations: 60, invitations: 30, recipients: 50 };

async function seedYear(year: number) {
  const { db } = await import("~/lib/db.server");
  const { randomShortId } = await import("~/lib/crypto.server");
  const day = 86_400_000;
  const yearStart = Date.UTC(year, 0, 1, 8);
  const kinds = ["COURSE_PARENTS", "THEME_DAY", "TALK", "NETWORK_MEETING", "OPEN_HEARING", "FORUM_MEETING", "COURSE_SIBLINGS", "COURSE_RELATIVES"] as const;
  const events = Array.from({ length: SIZE.events }, (_, i) => {
    const first = yearStart + ((i * 337) % 330) * day;
    return {
      id: `bench-e-${i}`,
      slug: `bench-status-${i}`,
      shortId: randomShortId(),
      kind: kinds[i % kinds.length]!,
      title: `Arrangement ${i + 1}`,
      summary: "Belastningstest af årlig status.",
      description: "",
      track: 1 + (i % 3),
      audience: "EVERYONE" as const,
      visibility: "PUBLIC" as const,
      status: "PUBLISHED" as const,
      placeAddress: "Rådhuspladsen 1, 1550 København V",
      capacity: i % 10 === 0 ? null : 20,
      publishedAt: new Date(first - 30 * day),
      firstStartsAt: new Date(first),
      lastEndsAt: new Date(first + (SIZE.sessionsPerEvent - 1) * 7 * day + 2 * 3600_000),
    };
  });
  await db.event.createMany({ data: events });
  const sessions = events.flatMap((e, i) =>
    Array.from({ length: SIZE.sessionsPerEvent }, (_, s) => ({
      id: `bench-s-${i}-${s}`,
      eventId: e.id,
      position: s,
      startsAt: new Date(e.firstStartsAt.getTime() + s * 7 * day),
      endsAt: new Date(e.firstStartsAt.getTime() + s * 7 * day + 2 * 3600_000),
    })),
  );
  for (let i = 0; i < sessions.length; i += 500) await db.eventSession.createMany({ data: sessions.slice(i, i + 500) });

  // registrations spread over the events; past 20 persons on an event they wait, and some never get a place
  const fill = new Map<string, number>();
  const registrations = Array.from({ length: SIZE.registrations }, (_, r) => {
    const event = events[(r * 7) % events.length]!;
    const taken = fill.get(event.id) ?? 0;
    const groupSize = r % 9 === 0 ? 2 : 1;
    const waiting = event.capacity !== null && taken + groupSize > event.capacity;
    if (!waiting) fill.set(event.id, taken + groupSize);
    return {
      id: `bench-r-${r}`,
      eventId: event.id,
      status: waiting ? ("WAITLISTED" as const) : ("REGISTERED" as const),
      name: `Deltager ${r}`,
      email: `deltager-${r % 3700}@example.dk`, // some people come to more than one event
      groupSize,
      registeredAt: waiting ? null : new Date(event.firstStartsAt.getTime() - 20 * day),
      waitlistedAt: waiting ? new Date(event.firstStartsAt.getTime() - 10 * day) : null,
    };
  });
  for (let i = 0; i < registrations.length; i += 500) await db.registration.createMany({ data: registrations.slice(i, i + 500) });

  const attendance: { sessionId: string; registrationId: string; present: boolean }[] = [];
  for (const r of registrations) {
    if (r.status !== "REGISTERED") continue;
    const e = Number(r.eventId.slice("bench-e-".length));
    for (let s = 0; s < SIZE.sessionsPerEvent && attendance.length < SIZE.attendance; s++) {
      attendance.push({ sessionId: `bench-s-${e}-${s}`, registrationId: r.id, present: (attendance.length * 13) % 10 < 8 });
    }
    if (attendance.length >= SIZE.attendance) break;
  }
  for (let i = 0; i < attendance.length; i += 500) await db.sessionAttendance.createMany({ data: attendance.slice(i, i + 500) });

  for (let o = 0; o < SIZE.organisations; o++) {
    const joined = new Date(yearStart - 200 * day + o * 9 * day);
    const org = await db.organisation.create({
      data: {
        name: `Forening ${o}`,
        street: "Nørrebrogade 1",
        postcode: "2200",
        city: "København N",
        districts: "norrebro",
        description: "Belastningstest.",
        state: o % 7 === 0 ? "LAPSED" : "APPROVED",
        approvedAt: joined,
      },
    });
    await db.forumCaseEvent.createMany({
      data: [
        { organisationId: org.id, action: "approve", fromState: "PENDING", toState: "APPROVED", createdAt: joined },
        ...(o % 7 === 0 ? [{ organisationId: org.id, action: "lapse", fromState: "APPROVED" as const, toState: "LAPSED" as const, createdAt: new Date(joined.getTime() + 250 * day) }] : []),
      ],
    });
  }
  for (let i = 0; i < SIZE.invitations; i++) {
    const event = events[i * 10]!;
    await db.invitation.create({
      data: {
        eventId: event.id,
        subject: "Invitation",
        message: "Kom og vær med.",
        audience: "{}",
        sentAt: new Date(event.firstStartsAt.getTime() - 14 * day),
        recipients: {
          create: Array.from({ length: SIZE.recipients }, (_, p) => ({
            email: `inviteret-${i}-${p}@example.dk`,
            name: `Inviteret ${p}`,
            answer: p % 3 === 0 ? ("YES" as const) : null,
            answeredAt: p % 3 === 0 ? event.firstStartsAt : null,
          })),
        },
      },
    });
  }
  const counts = {
    events: await db.event.count(),
    sessions: await db.eventSession.count(),
    registrations: await db.registration.count(),
    attendance: await db.sessionAttendance.count(),
    evaluationAnswers: 0,
  };
  const { createManyEvaluationAnswers, createUser, DEFAULT_PASSWORD } = await import("../support/factories");
  // questionnaires on the courses, 2,000 anonymous answers between them
  const courses = await db.event.findMany({ where: { kind: { in: ["COURSE_PARENTS", "COURSE_SIBLINGS", "COURSE_RELATIVES"] } }, select: { id: true }, take: 60 });
  await createManyEvaluationAnswers(courses.map((c) => c.id), SIZE.evaluationAnswers);
  counts.evaluationAnswers = await db.evaluationAnswer.count();
  const staff = await createUser({ role: "STAFF" });
  await db.$disconnect();
  return { counts, email: staff.email, password: DEFAULT_PASSWORD };
}

async function timeRequests(url: string, cookie: string, count: number, warmup: number) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < warmup + count; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { Cookie: cookie } });
    const body = await res.arrayBuffer();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (i >= warmup) times.push(ms);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { median: at(0.5), p95: at(0.95), max: times.at(-1)!, bytes };
}

async function main() {
  const year = new Date().getUTCFullYear() - 1;
  createMigratedDb(dbFile);
  process.env.DATABASE_URL = `file:${dbFile}`;
  // the factories seal the staff member's TOTP secret with the key the portal runs with
  process.env.SECRET_KEY = TEST_SECRET_KEY;
  const seeding = performance.now();
  const { counts, email, password } = await seedYear(year);
  console.log(
    `Status of ${year}: ${counts.events} events, ${counts.sessions} sessions, ${counts.registrations} registrations, ${counts.attendance} attendance rows, ${counts.evaluationAnswers} evaluation answers (seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s).`,
  );
  const portal = await startPortal(
    { DATABASE_URL: `file:${dbFile}`, SMTP_URL: "smtp://127.0.0.1:9", START_WORKER: "false", VINK_BUILD_DIR: buildDir },
    { nodeArgs: portalNodeArgs, timeoutMs: 30_000 },
  );
  stopPortal = portal.stop;
  try {
    const cookie = await signInByFetch(portal.url, email, password);
    const page = await timeRequests(`${portal.url}/staff/status?year=${year}`, cookie, runs, 3);
    const xlsx = await timeRequests(`${portal.url}/staff/status.xlsx?year=${year}`, cookie, Math.max(3, Math.round(runs / 6)), 1);
    const ms = (n: number) => `${Math.round(n)} ms`;
    console.log(`  status page  median ${ms(page.median)}, p95 ${ms(page.p95)}, slowest ${ms(page.max)}  (${Math.round(page.bytes / 1024)} KB; target under 300 ms)`);
    console.log(`  status XLSX  median ${ms(xlsx.median)}, p95 ${ms(xlsx.p95)}, slowest ${ms(xlsx.max)}  (${Math.round(xlsx.bytes / 1024)} KB; target under 2 s)`);
    console.log("One request at a time against the production build on this machine, after warm-up; figures, not a pass or fail.");
  } finally {
    await portal.stop();
  }
}

main()
  .then(() => {
    cleanUp();
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    cleanUp();
    process.exit(1);
  });
