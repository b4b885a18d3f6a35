import type { OrganisationState } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { charterStatus, getCurrentCharter } from "./charter.server";
import { organisationData, STAFF_STATES, type ProfileInput } from "./forum-rules";
import { transition, type TransitionResult } from "./organisation-states.server";

/**
 * The forum's organisations as their contacts and staff see them: a contact's own organisation and profile (edits,
 * answering staff's question), the member overview, the public members list, and staff's lists and case page.
 */

/** The organisation of a signed-in contact, in any state (for /forum/application and the member pages). */
export function getOwnOrganisation(userId: string) {
  return db.organisationContact.findUnique({
    where: { userId },
    include: {
      organisation: {
        include: {
          contacts: { include: { user: { select: { id: true, name: true, email: true, emailVerifiedAt: true } } }, orderBy: { createdAt: "asc" } },
          signatures: { include: { charterVersion: { select: { id: true, number: true } } }, orderBy: { signedAt: "desc" } },
        },
      },
    },
  });
}


/** The applicant answers staff's question: the profile is updated and the case returns to review. */
export async function resubmitApplication(userId: string, input: ProfileInput, now = new Date()): Promise<TransitionResult> {
  const contact = await db.organisationContact.findUnique({ where: { userId }, select: { organisationId: true } });
  if (!contact) return { ok: false, reason: "notFound" };
  return transition({ organisationId: contact.organisationId, action: "resubmit", actorId: userId }, { data: organisationData(input), details: { changed: changedFields(await profileOf(contact.organisationId), input) } }, now);
}

async function profileOf(organisationId: string) {
  return db.organisation.findUniqueOrThrow({ where: { id: organisationId } });
}

function changedFields(before: Awaited<ReturnType<typeof profileOf>>, input: ProfileInput): string[] {
  const after = organisationData(input);
  return (Object.keys(after) as (keyof typeof after)[]).filter((k) => (before[k] ?? null) !== (after[k] ?? null));
}

// ---------- members ----------

/** A member edits the profile; what changed is kept in the case history for staff. */
export async function updateProfile(userId: string, input: ProfileInput, now = new Date()) {
  const contact = await db.organisationContact.findUnique({ where: { userId }, select: { organisationId: true } });
  if (!contact) return { ok: false as const };
  const before = await profileOf(contact.organisationId);
  const changed = changedFields(before, input);
  const publicListing = input.publicListing === "on";
  await db.$transaction(async (tx) => {
    await tx.organisation.update({ where: { id: contact.organisationId }, data: { ...organisationData(input), publicListing } });
    if (changed.length || publicListing !== before.publicListing) {
      await tx.forumCaseEvent.create({
        data: {
          organisationId: contact.organisationId,
          actorId: userId,
          action: "profileUpdated",
          details: JSON.stringify({ changed: publicListing !== before.publicListing ? [...changed, "publicListing"] : changed }),
          createdAt: now,
        },
      });
    }
  });
  return { ok: true as const };
}

/** The signed-in member's organisation and what the member pages need; null unless the user is an active member. */
export async function getMemberOverview(userId: string, now = new Date()) {
  const own = await getOwnOrganisation(userId);
  if (!own || own.organisation.state !== "APPROVED") return null;
  return { organisation: own.organisation, charter: await charterStatus(own.organisationId, now) };
}

export function listPublicMembers() {
  return db.organisation.findMany({
    where: { state: "APPROVED", publicListing: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, website: true, districts: true, description: true },
  });
}

// ---------- staff ----------


export async function listApplications(state: OrganisationState) {
  const [groups, organisations, current] = await Promise.all([
    db.organisation.groupBy({ by: ["state"], _count: { _all: true } }),
    db.organisation.findMany({
      where: { state },
      orderBy: { createdAt: "desc" },
      take: 500,
      select: {
        id: true,
        name: true,
        cvr: true,
        state: true,
        createdAt: true,
        signatures: { select: { charterVersion: { select: { number: true } } }, orderBy: { charterVersion: { number: "desc" } }, take: 1 },
      },
    }),
    getCurrentCharter(),
  ]);
  const counts = Object.fromEntries(STAFF_STATES.map((s) => [s, groups.find((g) => g.state === s)?._count._all ?? 0])) as Record<(typeof STAFF_STATES)[number], number>;
  return {
    counts,
    currentVersion: current?.number ?? null,
    organisations: organisations.map(({ signatures, ...o }) => ({ ...o, signedVersion: signatures[0]?.charterVersion.number ?? null })),
  };
}

export function getOrganisationForStaff(id: string) {
  return db.organisation.findFirst({
    where: { id },
    include: {
      contacts: { include: { user: { select: { name: true, email: true, locale: true, emailVerifiedAt: true } } }, orderBy: { createdAt: "asc" } },
      signatures: { include: { charterVersion: { select: { number: true } } }, orderBy: { signedAt: "desc" } },
      history: { include: { actor: { select: { name: true, role: true } } }, orderBy: { createdAt: "desc" } },
    },
  });
}
