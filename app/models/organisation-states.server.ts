import type { OrganisationState, Prisma } from "~/generated/prisma/client";
import { audit } from "~/lib/audit.server";
import { db, type Db } from "~/lib/db.server";
import { urls } from "~/lib/urls.server";
import { forumCaseEmail, type ForumCaseKind } from "#emails/forum-case";
import { getCurrentCharter } from "./charter.server";
import { mailContacts } from "./forum-mail.server";

/**
 * An organisation's case moves between states only here: which action may start from which state, the conditional
 * update (the state it must come from is in the WHERE), in one transaction with its history entry, audit entry and
 * mail; staff's decisions and the actions they may take.
 */

/** Which states each action may start from, and where it leads. Everything else is refused. */
export const transitions = {
  approve: { from: ["PENDING"], to: "APPROVED", by: "staff" },
  reject: { from: ["PENDING", "NEEDS_INFO"], to: "REJECTED", by: "staff" },
  requestInfo: { from: ["PENDING"], to: "NEEDS_INFO", by: "staff" },
  resubmit: { from: ["NEEDS_INFO"], to: "PENDING", by: "contact" },
  suspend: { from: ["APPROVED", "LAPSED"], to: "SUSPENDED", by: "staff" },
  reinstate: { from: ["SUSPENDED"], to: "APPROVED", by: "staff" },
  registerLeft: { from: ["APPROVED", "SUSPENDED", "LAPSED"], to: "LEFT", by: "staff" },
  lapse: { from: ["APPROVED"], to: "LAPSED", by: "system" },
  resign: { from: ["LAPSED"], to: "APPROVED", by: "contact" },
} as const satisfies Record<string, { from: readonly OrganisationState[]; to: OrganisationState; by: string }>;
export type TransitionName = keyof typeof transitions;
export type StaffAction = "approve" | "reject" | "requestInfo" | "suspend" | "reinstate" | "registerLeft";

const mailKindFor: Partial<Record<TransitionName, ForumCaseKind>> = {
  approve: "approved",
  reject: "rejected",
  requestInfo: "infoRequested",
  suspend: "suspended",
  reinstate: "reinstated",
  registerLeft: "left",
  lapse: "lapsed",
};

const needsMessage: StaffAction[] = ["reject", "requestInfo", "suspend"];

export type TransitionResult = { ok: true } | { ok: false; reason: "notFound" | "notAllowed" | "messageRequired" };

/**
 * Moves an organisation from one of the action's allowed states to its target, or refuses. The WHERE holds the
 * allowed states, so of two staff members acting at once exactly one succeeds; the other gets "notAllowed".
 */
export async function transition(
  { organisationId, action, actorId }: { organisationId: string; action: TransitionName; actorId: string | null },
  options: { message?: string | null; data?: Prisma.OrganisationUpdateManyMutationInput; details?: unknown; tx?: Db; lapsed?: boolean } = {},
  now = new Date(),
): Promise<TransitionResult> {
  const rule = transitions[action];
  // reinstating a member that missed a charter deadline while suspended lands in LAPSED: the history, the audit and
  // the mail all name the state the organisation is really in afterwards
  const to: OrganisationState = action === "reinstate" && options.lapsed ? "LAPSED" : rule.to;
  const message = options.message?.trim() || null;
  if (needsMessage.includes(action as StaffAction) && !message) return { ok: false, reason: "messageRequired" };
  const run = async (tx: Db): Promise<TransitionResult> => {
    const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { id: true, name: true, state: true } });
    if (!org) return { ok: false, reason: "notFound" };
    const { count } = await tx.organisation.updateMany({
      where: { id: organisationId, state: { in: [...rule.from] } },
      data: {
        ...options.data,
        state: to,
        ...(action === "approve" ? { approvedAt: now } : {}),
        ...(["reject", "requestInfo", "suspend"].includes(action) ? { stateMessage: message } : {}),
        ...(["approve", "resubmit", "reinstate", "resign"].includes(action) ? { stateMessage: null } : {}),
      },
    });
    if (count !== 1) return { ok: false, reason: "notAllowed" };
    const entry = await tx.forumCaseEvent.create({
      data: {
        organisationId,
        actorId,
        action,
        fromState: org.state,
        toState: to,
        message,
        details: options.details === undefined ? null : JSON.stringify(options.details),
        createdAt: now,
      },
    });
    if (rule.by === "staff") {
      await audit(tx, { actorId, action: `forum.${action}`, entityType: "Organisation", entityId: organisationId, details: { from: org.state, to } });
    }
    const kind = to === "LAPSED" && action === "reinstate" ? "reinstatedLapsed" : mailKindFor[action];
    if (kind) {
      await mailContacts(tx, organisationId, (contact) => ({
        template: forumCaseEmail,
        props: { kind, name: contact.name, organisationName: org.name, message, url: kind === "approved" || kind === "reinstated" ? urls.member() : urls.forumApplication() },
        kind: `forum-${kind}`,
        dedupeKey: `forum-case:${entry.id}:${contact.userId}`,
      }));
    }
    return { ok: true };
  };
  return options.tx ? run(options.tx) : db.$transaction(run);
}

/** A staff decision from the case page. */
export async function decide(
  { organisationId, action, actorId, message }: { organisationId: string; action: StaffAction; actorId: string; message?: string | null },
  now = new Date(),
) {
  if (action !== "reinstate") return transition({ organisationId, action, actorId }, { message }, now);
  // Reinstating a member that missed a charter deadline while suspended brings it back as lapsed, not approved.
  return db.$transaction(async (tx) => {
    const current = await getCurrentCharter(tx);
    const signed = current
      ? await tx.charterSignature.findUnique({ where: { organisationId_charterVersionId: { organisationId, charterVersionId: current.id } } })
      : null;
    const overdue = !!current?.signDeadline && current.signDeadline <= now && !signed;
    return transition({ organisationId, action: "reinstate", actorId }, { tx, lapsed: overdue }, now);
  });
}

export function allowedActions(state: OrganisationState): StaffAction[] {
  return (Object.keys(transitions) as TransitionName[]).filter(
    (a): a is StaffAction => transitions[a].by === "staff" && (transitions[a].from as readonly string[]).includes(state),
  );
}
