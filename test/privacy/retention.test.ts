import { describe, expect, it } from "vitest";
import { hashToken, randomToken } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { scheduledTasks } from "~/scheduled-tasks.server";
import { translate } from "~/lib/i18n";
import { periodParts, retentionRules, retentionTable } from "~/models/retention.server";
import { loader as privacyLoader } from "~/routes/privacy";
import { createEvent, createOrganisation, createRegistration, createUser } from "../support/factories";

/**
 * The retention rules are what the deletion job runs and what the privacy page shows. Each rule is tried at its
 * boundary: a record whose period started at `at` is there a minute before `at + period` and gone a minute after.
 */
const MINUTE = 60_000;

/** For each rule: make a record whose period starts at `at`, and say whether it is still there. */
type Fixture = (at: Date) => Promise<() => Promise<boolean>>;

const fixtures: Record<string, Fixture> = {
  "delete-old-registrations": async (at) => {
    const event = await createEvent({ now: new Date(at.getTime() - 30 * 86_400_000), sessions: [[new Date(at.getTime() - 2 * 3600_000), at]] });
    const { registrationId } = await createRegistration(event.id, { now: new Date(at.getTime() - 20 * 86_400_000) });
    return async () => (await db.registration.count({ where: { id: registrationId } })) === 1;
  },
  "invitations-delete-old": async (at) => {
    const event = await createEvent({ now: new Date(at.getTime() - 30 * 86_400_000), sessions: [[new Date(at.getTime() - 2 * 3600_000), at]] });
    const invitation = await db.invitation.create({ data: { eventId: event.id, subject: "Invitation", message: "Hej", audience: "{}" } });
    await db.invitationRecipient.create({ data: { invitationId: invitation.id, email: "modtager@example.dk", name: "Modtager" } });
    return async () => (await db.invitation.count({ where: { id: invitation.id } })) === 1;
  },
  "evaluations-clear-free-text": async (at) => {
    const event = await createEvent({ now: new Date(at.getTime() - 30 * 86_400_000), sessions: [[new Date(at.getTime() - 2 * 3600_000), at]] });
    const q = await db.questionnaire.create({ data: { eventId: event.id, startCode: randomToken().slice(0, 6), endCode: randomToken().slice(0, 6) } });
    const answer = await db.evaluationAnswer.create({ data: { id: randomToken(), questionnaireId: q.id, wave: "END", freeText: "Tak til Hanne" } });
    return async () => (await db.evaluationAnswer.findUniqueOrThrow({ where: { id: answer.id } })).freeText !== null;
  },
  "forum-delete-unconfirmed": async (at) => {
    const { organisation } = await createOrganisation({ state: "UNCONFIRMED", createdAt: at });
    return async () => (await db.organisation.count({ where: { id: organisation.id } })) === 1;
  },
  "purge-sent-mail": async (at) => {
    const row = await db.emailOutbox.create({
      data: { kind: "test", dedupeKey: `retention-${randomToken()}`, toAddress: "a@example.dk", subject: "s", html: "h", text: "t", status: "SENT", sentAt: at, createdAt: at },
    });
    return async () => (await db.emailOutbox.count({ where: { id: row.id } })) === 1;
  },
  "delete-expired-sessions": async (at) => {
    const user = await createUser({ role: "MEMBER" });
    const session = await db.session.create({ data: { id: hashToken(randomToken()), userId: user.id, expiresAt: at } });
    return async () => (await db.session.count({ where: { id: session.id } })) === 1;
  },
  "delete-expired-one-time-links": async (at) => {
    const user = await createUser({ role: "MEMBER" });
    const token = await db.authToken.create({ data: { tokenHash: hashToken(randomToken()), purpose: "PASSWORD_RESET", userId: user.id, expiresAt: at } });
    return async () => (await db.authToken.count({ where: { id: token.id } })) === 1;
  },
  "delete-data-access-links": async (at) => {
    const row = await db.dataAccessToken.create({ data: { tokenHash: hashToken(randomToken()), email: "a@example.dk", expiresAt: new Date(at.getTime() + 86_400_000), createdAt: at } });
    return async () => (await db.dataAccessToken.count({ where: { id: row.id } })) === 1;
  },
  "prune-rate-limits": async (at) => {
    const row = await db.rateLimitHit.create({ data: { bucket: `retention:${randomToken()}`, createdAt: at } });
    return async () => (await db.rateLimitHit.count({ where: { id: row.id } })) === 1;
  },
};

describe("retention rules", () => {
  it("every rule has a boundary test here, and the worker runs every rule as a task", () => {
    expect(Object.keys(fixtures).sort()).toEqual(retentionRules.map((r) => r.id).sort());
    for (const rule of retentionRules) {
      const task = scheduledTasks.find((t) => t.name === rule.id);
      expect(task, rule.id).toBeDefined();
      expect(task!.everyMs).toBe(rule.everyMs);
    }
    expect(new Set(scheduledTasks.map((t) => t.name)).size).toBe(scheduledTasks.length);
  });

  for (const rule of retentionRules) {
    it(`${rule.id}: deletes at ${rule.periodMs / MINUTE} minutes, not a minute before`, async () => {
      const at = new Date(Date.now() + 3 * 86_400_000);
      const exists = await fixtures[rule.id]!(at);
      expect(await exists()).toBe(true);
      await rule.run(new Date(at.getTime() + rule.periodMs - MINUTE));
      expect(await exists(), "a minute before the period ends").toBe(true);
      const task = scheduledTasks.find((t) => t.name === rule.id)!;
      await task.run(new Date(at.getTime() + rule.periodMs + MINUTE));
      expect(await exists(), "a minute after the period ends").toBe(false);
    });
  }

  it("periods read in their largest whole unit", () => {
    expect(periodParts(90 * 86_400_000)).toEqual({ count: 90, unit: "days" });
    expect(periodParts(86_400_000)).toEqual({ count: 24, unit: "hours" });
    expect(periodParts(48 * 3600_000)).toEqual({ count: 2, unit: "days" });
    expect(periodParts(10 * MINUTE)).toEqual({ count: 10, unit: "minutes" });
    expect(periodParts(0)).toEqual({ count: 0, unit: "minutes" });
  });
});

describe("the privacy page's table", () => {
  it("has one row per rule, in the rules' order, with each rule's period", () => {
    const { rules } = privacyLoader();
    expect(rules.map((r) => r.id)).toEqual(retentionRules.map((r) => r.id));
    expect(rules).toEqual(retentionTable());
    for (const [i, row] of rules.entries()) expect(row.period).toEqual(periodParts(retentionRules[i]!.periodMs));
    const registrations = rules.find((r) => r.id === "delete-old-registrations")!;
    expect(translate("da", `privacy.period.${registrations.period.unit}`, { count: registrations.period.count })).toBe("90 dage");
    expect(translate("en", registrations.from)).toBe("after the event's last day");
  });
});
