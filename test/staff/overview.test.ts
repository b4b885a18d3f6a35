import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { composeSchema, prepareInvitation } from "~/models/invitation-compose.server";
import { sendInvitation } from "~/models/invitation-sending.server";
import { resendFailedMessages, staffOverview } from "~/models/overview.server";
import { queueEmail } from "~/lib/outbox.server";
import { createEvent, createOrganisation, createRegistration, createUser } from "../support/factories";

const DAY = 86_400_000;

describe("the staff home's overview", () => {
  it("counts applications waiting, lists failed and waiting mailings, and the next five events with their fill", async () => {
    const empty = await staffOverview();
    expect(empty).toMatchObject({ applications: 0, failedMailings: [], waitingMailings: [], upcoming: [] });

    await createOrganisation({ state: "PENDING" });
    await createOrganisation({ state: "PENDING" });
    await createOrganisation({ state: "APPROVED" });
    await createOrganisation({ state: "NEEDS_INFO" });

    const now = new Date();
    const soon = (days: number): [Date, Date][] => [[new Date(now.getTime() + days * DAY), new Date(now.getTime() + days * DAY + 2 * 3600_000)]];
    const events = [];
    for (const days of [9, 2, 5, 30, 14, 21]) events.push(await createEvent({ title: `Om ${days} dage`, capacity: 10, sessions: soon(days) }));
    await createEvent({ title: "Kladde", status: "DRAFT", sessions: soon(1) });
    await createEvent({ title: "Forbi", sessions: soon(-3), now: new Date(now.getTime() - 10 * DAY) });
    await createRegistration(events[1]!.id);

    // an invitation to three: two messages fail for good, one waits
    const staff = await createUser({ role: "STAFF" });
    const input = composeSchema.parse({ subject: "Temaaften", message: "Kom og vær med.", pasted: "A;a@example.dk\nB;b@example.dk\nC;c@example.dk" });
    const prepared = await prepareInvitation({ actorId: staff.id, eventId: events[0]!.id, input, table: null });
    if (!prepared.ok) throw new Error(prepared.error);
    expect(await sendInvitation({ actorId: staff.id, invitationId: prepared.invitationId })).toMatchObject({ ok: true, queued: 3 });
    const rows = await db.emailOutbox.findMany({ where: { batchId: prepared.invitationId }, orderBy: { toAddress: "asc" } });
    await db.emailOutbox.updateMany({ where: { id: { in: rows.slice(0, 2).map((r) => r.id) } }, data: { status: "FAILED", lastError: "550 no such user" } });

    const overview = await staffOverview();
    expect(overview.applications).toBe(2);
    const mailing = { invitationId: prepared.invitationId, eventId: events[0]!.id, subject: "Temaaften", eventTitle: "Om 9 dage" };
    expect(overview.failedMailings).toEqual([{ ...mailing, count: 2 }]);
    expect(overview.waitingMailings).toEqual([{ ...mailing, count: 1 }]);
    // published and not over, soonest first, five of them; no draft, nothing past
    expect(overview.upcoming.map((e) => e.title)).toEqual(["Om 2 dage", "Om 5 dage", "Om 9 dage", "Om 14 dage", "Om 21 dage"]);
    expect(overview.upcoming[0]).toMatchObject({ capacity: 10, registeredPersons: 1, waitingCount: 0, firstStartsAt: new Date(now.getTime() + 2 * DAY) });
  });

  it("shows single messages that failed for good, with the server's latest answer, and sends them again when asked (audited)", async () => {
    const staff = await createUser({ role: "STAFF" });
    expect((await staffOverview()).failedMessages).toEqual({ count: 0, lastError: null });
    const single = [];
    for (const to of ["mor@example.dk", "far@example.dk"]) {
      const { id } = await queueEmail(db, { kind: "registration-confirmation", dedupeKey: `overview:${to}`, to, subject: "Tilmelding", html: "<p>x</p>", text: "x" });
      single.push(id);
    }
    await db.emailOutbox.updateMany({ where: { id: { in: single } }, data: { status: "FAILED", attempts: 12, lastError: "550 5.1.1 mailbox unavailable" } });
    // a failed message of a mailing is not one of these: its invitation's page resends it
    const { id: mailingId } = await queueEmail(db, { kind: "invitation", dedupeKey: "overview:mailing", to: "inviteret@example.dk", subject: "Invitation", html: "<p>x</p>", text: "x", batchId: "a-mailing" });
    await db.emailOutbox.update({ where: { id: mailingId }, data: { status: "FAILED", attempts: 12, lastError: "550 5.1.1 mailbox unavailable" } });

    const overview = await staffOverview();
    expect(overview.failedMessages).toEqual({ count: 2, lastError: "550 5.1.1 mailbox unavailable" });

    expect(await resendFailedMessages(staff.id)).toBe(2);
    const rows = await db.emailOutbox.findMany({ where: { id: { in: single } } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([["PENDING", 0], ["PENDING", 0]]);
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id: mailingId } })).toMatchObject({ status: "FAILED", attempts: 12 });
    expect(await db.auditLog.findFirst({ where: { action: "mail.resend-failed", actorId: staff.id } })).toMatchObject({ entityType: "EmailOutbox" });
    expect((await staffOverview()).failedMessages).toEqual({ count: 0, lastError: null });
    // nothing failed: nothing to do, nothing audited
    expect(await resendFailedMessages(staff.id)).toBe(0);
    expect(await db.auditLog.count({ where: { action: "mail.resend-failed" } })).toBe(1);
  });
});
