import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import type { PrismaClient } from "~/generated/prisma/client";
import { randomShortId } from "~/lib/crypto.server";

/**
 * Demo data for the yearly status: the tracks' budgets (the 2016 and 2017 plans, and this year and last so the demo's
 * status has them), and a few held events of the last months with registrations and attendance, so the status page
 * shows figures. The three tracks themselves come with the migration. example.dk addresses, no mail.
 */
const BUDGETS: Record<number, [number, number, number]> = {
  2016: [1_400_000, 350_000, 600_000],
  2017: [2_350_000, 500_000, 1_000_000],
};

const daysAgo = (n: number, hour: number) => DateTime.now().setZone("Europe/Copenhagen").startOf("day").minus({ days: n }).set({ hour }).toJSDate();

export async function seedStatus(db: PrismaClient) {
  const year = DateTime.now().setZone("Europe/Copenhagen").year;
  const budgets = { ...BUDGETS, [year - 1]: [2_350_000, 500_000, 1_000_000], [year]: [2_500_000, 600_000, 1_100_000] } as Record<number, [number, number, number]>;
  const tracks = await db.track.findMany({ orderBy: { number: "asc" }, select: { id: true, number: true } });
  for (const [y, amounts] of Object.entries(budgets)) {
    for (const track of tracks) {
      const amount = amounts[track.number - 1];
      if (amount !== undefined) await db.trackBudget.create({ data: { trackId: track.id, year: Number(y), amount } });
    }
  }

  // held events: [days ago of the first session, sessions a week apart, track, kind, persons registered, present share]
  const held: [number, number, number, "COURSE_PARENTS" | "NETWORK_MEETING" | "FORUM_MEETING" | "TALK" | "THEME_DAY", number][] = [
    [75, 3, 3, "COURSE_PARENTS", 12],
    [50, 1, 2, "NETWORK_MEETING", 18],
    [30, 1, 3, "FORUM_MEETING", 9],
    [20, 1, 1, "TALK", 3],
    [400, 2, 3, "COURSE_PARENTS", 10],
    [380, 1, 2, "THEME_DAY", 25],
  ];
  let n = 0;
  for (const [ago, count, track, kind, persons] of held) {
    const sessions = Array.from({ length: count }, (_, s) => [daysAgo(ago - 7 * s, 17), daysAgo(ago - 7 * s, 19)] as const);
    const event = await db.event.create({
      data: {
        slug: `status-demo-${ago}`,
        shortId: randomShortId(),
        kind,
        title: kind === "COURSE_PARENTS" ? "Kursus for forældre (afholdt)" : kind === "TALK" ? "Oplæg for fagpersoner (afholdt)" : "Møde (afholdt)",
        summary: "Et afholdt arrangement i demoen af årlig status.",
        description: "",
        track,
        audience: "EVERYONE",
        visibility: "PUBLIC",
        status: "PUBLISHED",
        discreet: kind === "COURSE_PARENTS",
        placeAddress: "Rådhuspladsen 1, 1550 København V",
        capacity: kind === "FORUM_MEETING" ? null : persons + 2,
        publishedAt: daysAgo(ago + 30, 9),
        firstStartsAt: sessions[0]![0],
        lastEndsAt: sessions.at(-1)![1],
        registeredPersons: persons,
        sessions: { create: sessions.map(([startsAt, endsAt], position) => ({ position, startsAt, endsAt })) },
      },
      include: { sessions: true },
    });
    for (let p = 0; p < persons; p++) {
      const registration = await db.registration.create({
        data: { eventId: event.id, status: "REGISTERED", name: `Deltager ${++n}`, email: `status-demo-${n}@example.dk`, registeredAt: daysAgo(ago + 10, 12) },
      });
      for (const [s, session] of event.sessions.entries()) {
        await db.sessionAttendance.create({ data: { sessionId: session.id, registrationId: registration.id, present: (p + s) % 5 !== 0 } });
      }
    }
    if (kind === "COURSE_PARENTS") await seedEvaluation(db, event.id, ago);
  }
}

/** A questionnaire on a held course, answered at the start by 9 and at the end by 7 (anonymous, as the model stores them). */
async function seedEvaluation(db: PrismaClient, eventId: string, ago: number) {
  const q = await db.questionnaire.create({
    data: {
      eventId,
      startCode: `S${ago}`.padEnd(6, "X"),
      endCode: `E${ago}`.padEnd(6, "X"),
      freeTextQuestion: "Er der andet, du vil fortælle os?",
      statements: { create: ["Jeg ved, hvor jeg kan få hjælp", "Jeg føler mig mindre alene med min bekymring"].map((text, position) => ({ text, position })) },
    },
    include: { statements: { orderBy: { position: "asc" } } },
  });
  const waves = [
    ["START", [[2, 1], [3, 2], [2, 2], [3, 3], [4, 2], [2, 1], [3, 3], [1, 2], [3, 2]]],
    ["END", [[4, 4], [5, 4], [4, 3], [5, 5], [3, 4], [4, 4], [5, 4]]],
  ] as const;
  for (const [wave, answers] of waves) {
    for (const values of answers) {
      const id = randomBytes(16).toString("hex");
      await db.evaluationAnswer.create({ data: { id, questionnaireId: q.id, wave } });
      await db.evaluationScore.createMany({ data: q.statements.map((statement, i) => ({ answerId: id, statementId: statement.id, wave, value: values[i]! })) });
    }
  }
}
