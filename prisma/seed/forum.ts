import type { OrganisationState, PrismaClient } from "~/generated/prisma/client";
import { sha256Hex } from "~/lib/crypto.server";
import { hashPassword } from "~/lib/password.server";
import { charterV1, charterV2 } from "./forum-charter";

/**
 * The forum alive: charter version 2 is current with its deadline still open; fourteen organisations in every state;
 * most members have signed version 2, one is still on version 1 and sees the banner. Demo data only.
 */
export const forumDemoLogins = [
  { email: "kontakt@faellesskab-norrebro.example", password: "vink-demo-member-2026", note: "member, signed version 2" },
  { email: "formand@valby-kvinder.example", password: "vink-demo-member-2026", note: "member still on version 1: sees the banner" },
  { email: "leder@ungeklub-amager.example", password: "vink-demo-member-2026", note: "applicant asked for more information" },
] as const;

const DAY = 24 * 3600_000;

type Seeded = {
  name: string;
  state: OrganisationState;
  cvr?: string;
  street: string;
  postcode: string;
  city: string;
  website?: string;
  districts: string[];
  description: string;
  contact: { name: string; title: string; email: string; phone: string; locale?: "da" | "en" };
  extraContact?: { name: string; title: string; email: string; phone: string };
  signed: (1 | 2)[];
  publicListing?: boolean;
  appliedDaysAgo: number;
  message?: string;
};

const organisations: Seeded[] = [
  {
    name: "Foreningen Fællesskab Nørrebro",
    state: "APPROVED",
    cvr: "24256790",
    street: "Blågårdsgade 12",
    postcode: "2200",
    city: "København N",
    website: "https://faellesskab-norrebro.example",
    districts: ["norrebro", "bispebjerg"],
    description: "Lektiecafé, fodbold og forældremøder for familier på Nørrebro. Vi når omkring 150 unge mellem 10 og 18 år om ugen.",
    contact: { name: "Amira Hansen", title: "Formand", email: "kontakt@faellesskab-norrebro.example", phone: "31 22 45 67" },
    extraContact: { name: "Jonas Berg", title: "Kasserer", email: "jonas@faellesskab-norrebro.example", phone: "31 22 45 68" },
    signed: [1, 2],
    publicListing: true,
    appliedDaysAgo: 420,
  },
  {
    name: "Valby Kvindenetværk",
    state: "APPROVED",
    street: "Valby Langgade 55",
    postcode: "2500",
    city: "Valby",
    districts: ["valby"],
    description: "Netværk for kvinder med minoritetsbaggrund: sprogcafé, mødregrupper og samtaler om opdragelse og skole.",
    contact: { name: "Fatima Yilmaz", title: "Formand", email: "formand@valby-kvinder.example", phone: "40 11 22 33" },
    signed: [1],
    appliedDaysAgo: 380,
  },
  {
    name: "Østerbro Bokseklub",
    state: "APPROVED",
    cvr: "61126228",
    street: "Østerbrogade 140",
    postcode: "2100",
    city: "København Ø",
    website: "https://oesterbro-boks.example",
    districts: ["osterbro"],
    description: "Boksning og mentorordning for drenge og unge mænd mellem 12 og 25 år.",
    contact: { name: "Mikkel Sørensen", title: "Daglig leder", email: "mikkel@oesterbro-boks.example", phone: "26 55 44 33" },
    signed: [1, 2],
    publicListing: true,
    appliedDaysAgo: 300,
  },
  {
    name: "Muslimsk Ungdomsråd København",
    state: "APPROVED",
    street: "Rovsingsgade 80",
    postcode: "2200",
    city: "København N",
    districts: ["norrebro", "osterbro", "indre-by"],
    description: "Studiekredse, frivilligt arbejde og dialogmøder for unge muslimer i hele byen.",
    contact: { name: "Yusuf Ahmed", title: "Næstformand", email: "yusuf@mur-kbh.example", phone: "22 33 44 55", locale: "en" },
    signed: [1, 2],
    appliedDaysAgo: 250,
  },
  {
    name: "Vesterbro Boligsociale Helhedsplan",
    state: "APPROVED",
    street: "Istedgade 70",
    postcode: "1650",
    city: "København V",
    website: "https://vesterbro-helhedsplan.example",
    districts: ["vesterbro-kongens-enghave"],
    description: "Boligsocial indsats med fritidsjob, ungeklub og familierådgivning i fire boligafdelinger.",
    contact: { name: "Line Kristensen", title: "Projektleder", email: "line@vesterbro-helhedsplan.example", phone: "33 66 77 88" },
    signed: [2],
    publicListing: true,
    appliedDaysAgo: 15,
  },
  {
    name: "Brønshøj-Husum Idrætsforening",
    state: "APPROVED",
    street: "Frederikssundsvej 200",
    postcode: "2700",
    city: "Brønshøj",
    districts: ["bronshoj-husum", "vanlose"],
    description: "Fodbold, håndbold og gymnastik for 600 børn og unge; træneruddannelse i inklusion.",
    contact: { name: "Peter Holm", title: "Formand", email: "formand@bhif.example", phone: "38 28 18 08" },
    signed: [1, 2],
    appliedDaysAgo: 200,
  },
  {
    name: "Amager Kirkernes Ungdomsarbejde",
    state: "PENDING",
    street: "Amagerbrogade 100",
    postcode: "2300",
    city: "København S",
    districts: ["amager-ost", "amager-vest"],
    description: "Ungdomsklubber og weekendture for konfirmander og unge frivillige.",
    contact: { name: "Maria Lund", title: "Ungdomspræst", email: "maria@amager-kirker.example", phone: "32 54 76 98" },
    signed: [2],
    appliedDaysAgo: 3,
  },
  {
    name: "Somalisk Forældreforening",
    state: "PENDING",
    street: "Tingbjerg Allé 4",
    postcode: "2700",
    city: "Brønshøj",
    districts: ["bronshoj-husum"],
    description: "Forældrecafé og lektiehjælp for somalisk-danske familier i Tingbjerg og Husum.",
    contact: { name: "Hodan Ali", title: "Formand", email: "hodan@somalisk-foraeldre.example", phone: "52 11 22 99" },
    signed: [2],
    appliedDaysAgo: 1,
  },
  {
    name: "Ungeklub Amager Vest",
    state: "NEEDS_INFO",
    street: "Lergravsvej 10",
    postcode: "2300",
    city: "København S",
    districts: ["amager-vest"],
    description: "Klub for unge.",
    contact: { name: "Omar Said", title: "Leder", email: "leder@ungeklub-amager.example", phone: "60 70 80 90" },
    signed: [2],
    appliedDaysAgo: 8,
    message: "Tak for ansøgningen. Vil I skrive lidt mere om, hvad klubben laver, hvor mange unge I når, og hvordan klubben er organiseret?",
  },
  {
    name: "Nordic Pride Fighters",
    state: "REJECTED",
    street: "Nørre Voldgade 1",
    postcode: "1358",
    city: "København K",
    districts: ["indre-by"],
    description: "Kampsport og fællesskab.",
    contact: { name: "Rasmus Krogh", title: "Formand", email: "rasmus@npf.example", phone: "20 20 20 20" },
    signed: [2],
    appliedDaysAgo: 12,
    message: "Vi har afslået ansøgningen, fordi organisationens offentlige materiale ikke er foreneligt med charterets afsnit om lige rettigheder for alle.",
  },
  {
    name: "Kulturforeningen Broen",
    state: "SUSPENDED",
    street: "Tagensvej 85",
    postcode: "2200",
    city: "København N",
    districts: ["norrebro", "bispebjerg"],
    description: "Kulturaftener, foredrag og rejser for unge voksne.",
    contact: { name: "Karim Haddad", title: "Formand", email: "karim@broen.example", phone: "28 28 38 48" },
    signed: [1, 2],
    appliedDaysAgo: 330,
    message: "Medlemskabet er suspenderet, mens vi undersøger en henvendelse om en taler ved foreningens arrangement. Vi kontakter jer inden for to uger.",
  },
  {
    name: "Bispebjerg Lektiecafé",
    state: "LAPSED",
    street: "Tuborgvej 150",
    postcode: "2400",
    city: "København NV",
    districts: ["bispebjerg"],
    description: "Frivillig lektiehjælp for skolebørn to eftermiddage om ugen.",
    contact: { name: "Hanne Møller", title: "Koordinator", email: "hanne@bispebjerg-lektier.example", phone: "35 81 00 00" },
    signed: [1],
    appliedDaysAgo: 360,
  },
  {
    name: "Vanløse Ungdomsskak",
    state: "LEFT",
    street: "Jernbane Allé 40",
    postcode: "2720",
    city: "Vanløse",
    districts: ["vanlose"],
    description: "Skakklub for børn og unge.",
    contact: { name: "Søren Dahl", title: "Formand", email: "soeren@vanloese-skak.example", phone: "38 71 71 71" },
    signed: [1],
    appliedDaysAgo: 400,
  },
  {
    name: "Indre By Dialogforum",
    state: "UNCONFIRMED",
    street: "Nikolaj Plads 1",
    postcode: "1067",
    city: "København K",
    districts: ["indre-by"],
    description: "Dialogmøder mellem trossamfund i Indre By.",
    contact: { name: "Anna Winther", title: "Sekretær", email: "anna@dialogforum.example", phone: "33 12 12 12" },
    signed: [2],
    appliedDaysAgo: 2,
  },
];

const historyFor: Record<OrganisationState, string[]> = {
  UNCONFIRMED: ["applied"],
  PENDING: ["applied", "confirmed"],
  NEEDS_INFO: ["applied", "confirmed", "requestInfo"],
  APPROVED: ["applied", "confirmed", "approve"],
  REJECTED: ["applied", "confirmed", "reject"],
  SUSPENDED: ["applied", "confirmed", "approve", "suspend"],
  LAPSED: ["applied", "confirmed", "approve", "lapse"],
  LEFT: ["applied", "confirmed", "approve", "registerLeft"],
};

const toState: Record<string, OrganisationState> = {
  applied: "UNCONFIRMED",
  confirmed: "PENDING",
  requestInfo: "NEEDS_INFO",
  approve: "APPROVED",
  reject: "REJECTED",
  suspend: "SUSPENDED",
  lapse: "LAPSED",
  registerLeft: "LEFT",
};

export async function seedForum(db: PrismaClient, now = new Date()) {
  if (await db.charterVersion.count()) return;
  const staff = await db.user.findFirst({ where: { role: { in: ["STAFF", "ADMIN"] } }, orderBy: { role: "asc" } });
  const admin = await db.user.findFirst({ where: { role: "ADMIN" } });
  const v1 = await db.charterVersion.create({
    data: { number: 1, ...charterV1, publishedAt: new Date(now.getTime() - 500 * DAY), publishedById: admin?.id ?? null, signDeadline: null },
  });
  const v2 = await db.charterVersion.create({
    data: { number: 2, ...charterV2, publishedAt: new Date(now.getTime() - 20 * DAY), publishedById: admin?.id ?? null, signDeadline: new Date(now.getTime() + 40 * DAY) },
  });
  const versions = { 1: v1, 2: v2 };
  const passwordHash = await hashPassword(forumDemoLogins[0].password);

  for (const o of organisations) {
    const appliedAt = new Date(now.getTime() - o.appliedDaysAgo * DAY);
    const org = await db.organisation.create({
      data: {
        name: o.name,
        cvr: o.cvr ?? null,
        street: o.street,
        postcode: o.postcode,
        city: o.city,
        website: o.website ?? null,
        districts: o.districts.join(","),
        description: o.description,
        state: o.state,
        stateMessage: o.message ?? null,
        publicListing: o.publicListing ?? false,
        createdAt: appliedAt,
        confirmedAt: o.state === "UNCONFIRMED" ? null : new Date(appliedAt.getTime() + 3600_000),
        approvedAt: ["APPROVED", "SUSPENDED", "LAPSED", "LEFT"].includes(o.state) ? new Date(appliedAt.getTime() + 5 * DAY) : null,
      },
    });
    const people = [o.contact, ...(o.extraContact ? [o.extraContact] : [])];
    const userIds: string[] = [];
    for (const p of people) {
      const user = await db.user.create({
        data: {
          email: p.email,
          name: p.name,
          role: "MEMBER",
          passwordHash,
          emailVerifiedAt: o.state === "UNCONFIRMED" ? null : appliedAt,
          locale: p === o.contact ? (o.contact.locale ?? "da") : "da",
          createdAt: appliedAt,
        },
      });
      userIds.push(user.id);
      await db.organisationContact.create({ data: { organisationId: org.id, userId: user.id, title: p.title, phone: p.phone, createdAt: appliedAt } });
    }
    for (const n of o.signed) {
      const version = versions[n];
      const signedAt = n === 1 ? appliedAt : new Date(Math.max(appliedAt.getTime(), v2.publishedAt.getTime() + 2 * DAY));
      await db.charterSignature.create({
        data: {
          organisationId: org.id,
          charterVersionId: version.id,
          textSha256: sha256Hex(`${version.titleDa}\n\n${version.textDa}`),
          locale: "da",
          signerName: o.contact.name,
          signerTitle: o.contact.title,
          userId: userIds[0]!,
          signedAt,
        },
      });
    }
    let from: OrganisationState | null = null;
    const steps = historyFor[o.state];
    for (const [i, action] of steps.entries()) {
      const byStaff = !["applied", "confirmed", "lapse"].includes(action);
      await db.forumCaseEvent.create({
        data: {
          organisationId: org.id,
          actorId: byStaff ? (staff?.id ?? null) : action === "lapse" ? null : userIds[0]!,
          action,
          fromState: from,
          toState: toState[action]!,
          message: i === steps.length - 1 && byStaff ? (o.message ?? null) : null,
          createdAt: new Date(appliedAt.getTime() + i * 2 * DAY),
        },
      });
      from = toState[action]!;
    }
  }
}
