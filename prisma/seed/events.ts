import { DateTime } from "luxon";
import type { PrismaClient } from "~/generated/prisma/client";
import { hashToken, randomShortId, randomToken } from "~/lib/crypto.server";
import { isDiscreetByDefault } from "~/models/event-options";
import { recountEvent } from "~/models/registration-counts.server";

/**
 * Demo events: a four-session parents' course with few places left, a siblings' course that is full with a waitlist,
 * an open hearing, a theme day, a network meeting for frontline staff, a members-only forum meeting, a past event and
 * a cancelled one. Dates are relative to today, in Copenhagen time. Registrations use example.dk addresses and queue
 * no mail.
 */
type Kind = "OPEN_HEARING" | "THEME_DAY" | "NETWORK_MEETING" | "FORUM_MEETING" | "COURSE_PARENTS" | "COURSE_SIBLINGS" | "TALK";

const day = (offset: number, time: string) => {
  const [h, m] = time.split(":").map(Number);
  return DateTime.now().setZone("Europe/Copenhagen").startOf("day").plus({ days: offset }).set({ hour: h, minute: m }).toJSDate();
};

export async function seedEvents(db: PrismaClient) {
  const staff = await db.user.findFirst({ where: { role: "STAFF" }, select: { id: true } });
  const create = async (e: {
    slug: string;
    kind: Kind;
    title: string;
    summary: string;
    description: string;
    track: number;
    audience: "EVERYONE" | "RELATIVES" | "FRONTLINE" | "CIVIL_SOCIETY" | "FORUM_MEMBERS";
    visibility?: "PUBLIC" | "MEMBERS";
    status?: "PUBLISHED" | "CANCELLED";
    capacity: number | null;
    sessions: [Date, Date][];
    languages?: string;
    questions?: string;
    cancelMessage?: string;
  }) => {
    const starts = e.sessions.map(([s]) => s.getTime());
    const ends = e.sessions.map(([, end]) => end.getTime());
    return db.event.create({
      data: {
        slug: e.slug,
        shortId: randomShortId(),
        discreet: isDiscreetByDefault(e),
        kind: e.kind,
        title: e.title,
        summary: e.summary,
        description: e.description,
        track: e.track,
        audience: e.audience,
        visibility: e.visibility ?? "PUBLIC",
        status: e.status ?? "PUBLISHED",
        placeAddress: "Rådhuspladsen 1, 1550 København V",
        placeRoom: "Mødelokale 3, 2. sal",
        placeDirections: "Indgang fra H.C. Andersens Boulevard. Spørg i receptionen efter VINK.",
        placeAccessibility: "Elevator og handicaptoilet. Høreslynge i lokalet.",
        languages: e.languages ?? "da",
        capacity: e.capacity,
        waitlistEnabled: true,
        questions: e.questions ?? "",
        publishedAt: new Date(),
        cancelledAt: e.status === "CANCELLED" ? new Date() : null,
        cancelMessage: e.cancelMessage ?? null,
        sequence: e.status === "CANCELLED" ? 1 : 0,
        firstStartsAt: new Date(Math.min(...starts)),
        lastEndsAt: new Date(Math.max(...ends)),
        createdById: staff?.id ?? null,
        sessions: { create: e.sessions.map(([startsAt, endsAt], position) => ({ position, startsAt, endsAt })) },
      },
    });
  };
  const register = async (eventId: string, people: string[], status: "REGISTERED" | "WAITLISTED", n: number, answers: Record<string, string> = {}) => {
    const at = new Date(Date.now() - (100 - n) * 60_000);
    await db.registration.create({
      data: {
        eventId,
        status,
        name: people[0]!,
        email: `deltager${n}@example.dk`,
        groupSize: people.length,
        registeredAt: status === "REGISTERED" ? at : null,
        waitlistedAt: status === "WAITLISTED" ? at : null,
        createdAt: at,
        people: { create: people.map((name, position) => ({ position, name })) },
        answers: { create: Object.entries(answers).map(([question, value]) => ({ question, value })) },
        tokens: { create: { tokenHash: hashToken(randomToken()) } },
      },
    });
  };

  const parents = await create({
    slug: "kursus-for-foraeldre",
    kind: "COURSE_PARENTS",
    title: "Kursus for forældre: Når du er bekymret for dit barn",
    summary: "Fire aftener for forældre, der er bekymrede for, om deres barn er på vej ind i et ekstremistisk miljø.",
    description:
      "Vi taler om tegn på mistrivsel og radikalisering, om hvordan du holder samtalen i gang med dit barn, og om hvor du kan få hjælp.\n\nKurset ledes af to rådgivere fra VINK. Du kan være anonym over for de andre deltagere.",
    track: 1,
    audience: "RELATIVES",
    capacity: 12,
    languages: "da,ar",
    questions: "relation,language,interpreter,needs,comment",
    sessions: [14, 21, 28, 35].map((d) => [day(d, "17:00"), day(d, "19:30")] as [Date, Date]),
  });
  const parentNames = [["Mette Hansen", "Lars Hansen"], ["Fatima Ali"], ["Jens Nielsen"], ["Amina Hassan", "Omar Hassan"], ["Susanne Berg"], ["Karim Haddad"], ["Birgitte Holm"]];
  for (const [i, people] of parentNames.entries()) await register(parents.id, people, "REGISTERED", i, { relation: "parent" });

  const siblings = await create({
    slug: "kursus-for-soeskende",
    kind: "COURSE_SIBLINGS",
    title: "Kursus for søskende",
    summary: "Tre eftermiddage for søskende over 15 år, der er bekymrede for en bror eller søster.",
    description: "Et trygt rum til at tale om det, der er svært, med andre i samme situation.",
    track: 1,
    audience: "RELATIVES",
    capacity: 6,
    questions: "relation,comment",
    sessions: [10, 17, 24].map((d) => [day(d, "15:00"), day(d, "17:00")] as [Date, Date]),
  });
  for (let i = 0; i < 6; i++) await register(siblings.id, [`Søskende ${i + 1}`], "REGISTERED", 20 + i, { relation: "sibling" });
  for (let i = 0; i < 3; i++) await register(siblings.id, [`Venter ${i + 1}`], "WAITLISTED", 30 + i, { relation: "sibling" });

  await create({
    slug: "aaben-hoering-forebyggelse",
    kind: "OPEN_HEARING",
    title: "Åben høring: Forebyggelse af radikalisering i København",
    summary: "Kom og giv dit besyv med på den nye handleplan.",
    description: "Borgmesteren og VINK fortæller om handleplanen, og der er god tid til spørgsmål.",
    track: 3,
    audience: "EVERYONE",
    capacity: 150,
    sessions: [[day(20, "18:00"), day(20, "20:30")]],
  });
  await create({
    slug: "temadag-online-radikalisering",
    kind: "THEME_DAY",
    title: "Temadag: Radikalisering på nettet",
    summary: "En dag om fællesskaber, algoritmer og propaganda online.",
    description: "For fagpersoner og forældre. Frokost er inkluderet.",
    track: 2,
    audience: "FRONTLINE",
    capacity: 80,
    questions: "needs",
    sessions: [[day(30, "09:00"), day(30, "15:30")]],
  });
  await create({
    slug: "netvaerksmoede-fagpersoner",
    kind: "NETWORK_MEETING",
    title: "Netværksmøde for fagpersoner",
    summary: "Erfaringsudveksling for SSP-medarbejdere, lærere og sagsbehandlere.",
    description: "Vi tager udgangspunkt i anonymiserede cases fra deltagerne.",
    track: 2,
    audience: "FRONTLINE",
    capacity: 30,
    sessions: [[day(12, "13:00"), day(12, "15:00")]],
  });
  await create({
    slug: "medborgerforum-moede",
    kind: "FORUM_MEETING",
    title: "Møde i Medborgerforum",
    summary: "Kvartalsmøde for medlemsorganisationerne.",
    description: "Dagsorden sendes til kontaktpersonerne en uge før.",
    track: 3,
    audience: "FORUM_MEMBERS",
    visibility: "MEMBERS",
    capacity: 40,
    sessions: [[day(25, "16:00"), day(25, "18:00")]],
  });
  const past = await create({
    slug: "oplaeg-ungdomsmiljoeer",
    kind: "TALK",
    title: "Oplæg: Ungdomsmiljøer i forandring",
    summary: "Et oplæg om nye ungdomsmiljøer i byen.",
    description: "Afholdt.",
    track: 3,
    audience: "EVERYONE",
    capacity: null,
    sessions: [[day(-20, "17:00"), day(-20, "18:30")]],
  });
  await register(past.id, ["Tidligere deltager"], "REGISTERED", 40);
  await create({
    slug: "temadag-aflyst",
    kind: "THEME_DAY",
    title: "Temadag om fællesskaber",
    summary: "Aflyst.",
    description: "Temadagen er aflyst.",
    track: 3,
    audience: "CIVIL_SOCIETY",
    status: "CANCELLED",
    cancelMessage: "Temadagen er aflyst. Vi finder en ny dato i foråret.",
    capacity: 60,
    sessions: [[day(40, "10:00"), day(40, "15:00")]],
  });
  for (const e of [parents, siblings, past]) await recountEvent(db, e.id);
}
