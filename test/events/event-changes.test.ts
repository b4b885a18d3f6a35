import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { cancelEvent, updateEvent } from "~/models/events.server";
import { createEvent } from "../support/factories";
import { asInput } from "./mail-support";

/**
 * Who hears of a change is named in app/models/event-changes.server.ts, not registered by whichever module happens to
 * be loaded. This file imports the events model and nothing of invitations (as a script changing an event would), and
 * still everyone invited hears of the change. Before, invitees were told through a hook list that only
 * invitations.server.ts filled when imported, so such a script mailed no invitee.
 */
async function invite(eventId: string, email: string) {
  await db.invitation.create({
    data: {
      eventId,
      subject: "Invitation",
      message: "Velkommen",
      audience: "{}",
      sentAt: new Date(),
      recipients: { create: [{ email, name: "Inviteret Person" }] },
    },
  });
}

const to = (kind: string) => db.emailOutbox.findMany({ where: { kind }, select: { toAddress: true } });

describe("an event change reaches everyone invited, whatever was imported", () => {
  it("a moved session mails each invitee an update", async () => {
    const event = await createEvent();
    await invite(event.id, "inviteret@example.dk");
    const [first] = event.sessions;
    const moved = asInput(event, [{ id: first!.id, startsAt: new Date(first!.startsAt.getTime() + 3600_000), endsAt: new Date(first!.endsAt.getTime() + 3600_000), placeAddress: null, placeRoom: null }]);

    const result = await updateEvent({ actorId: null, eventId: event.id, input: moved });

    expect(result.ok && result.notified).toBe(1);
    expect(await to("invitation-changed")).toEqual([{ toAddress: "inviteret@example.dk" }]);
  });

  it("a cancelled event mails each invitee its cancellation", async () => {
    const event = await createEvent();
    await invite(event.id, "inviteret@example.dk");

    const result = await cancelEvent({ actorId: null, eventId: event.id, message: "Aflyst på grund af sygdom" });

    expect(result.notified).toBe(1);
    expect(await to("invitation-cancelled")).toEqual([{ toAddress: "inviteret@example.dk" }]);
  });
});
