import { describe, expect, it } from "vitest";
import { listUpcomingMemberEvents } from "~/models/public-events.server";
import { createActiveMember, createEvent, createRegistration } from "../support/factories";
import { paths } from "~/lib/urls";

describe("a member organisation's upcoming events", () => {
  it("lists forum events and events its contacts are registered for, not others' or past or draft ones", async () => {
    const { user, organisation } = await createActiveMember();
    const other = await createActiveMember();
    const now = new Date();
    const day = 86_400_000;
    const soon: [Date, Date] = [new Date(now.getTime() + 3 * day), new Date(now.getTime() + 3 * day + 7200_000)];
    const later: [Date, Date] = [new Date(now.getTime() + 9 * day), new Date(now.getTime() + 9 * day + 7200_000)];
    const past: [Date, Date] = [new Date(now.getTime() - 9 * day), new Date(now.getTime() - 9 * day + 7200_000)];

    const forumMeeting = await createEvent({ kind: "FORUM_MEETING", title: "Forummøde", visibility: "MEMBERS", audience: "FORUM_MEMBERS", sessions: [later], status: "PUBLISHED" });
    const hearing = await createEvent({ kind: "OPEN_HEARING", title: "Høring", audience: "EVERYONE", sessions: [soon], status: "PUBLISHED" });
    const othersTalk = await createEvent({ kind: "TALK", title: "Oplæg", audience: "EVERYONE", sessions: [soon], status: "PUBLISHED" });
    await createEvent({ kind: "FORUM_MEETING", title: "Kladde", visibility: "MEMBERS", sessions: [soon], status: "DRAFT" });
    await createEvent({ kind: "FORUM_MEETING", title: "Forbi", visibility: "MEMBERS", sessions: [past], status: "PUBLISHED", now: new Date(now.getTime() - 20 * day) });

    await createRegistration(hearing.id, { source: "MEMBER", userId: user.id, email: user.email, organisationId: organisation.id });
    await createRegistration(othersTalk.id, { source: "MEMBER", userId: other.user.id, email: other.user.email, organisationId: other.organisation.id });

    const listed = await listUpcomingMemberEvents(organisation.id, now);
    expect(listed.map((e) => e.title)).toEqual(["Høring", "Forummøde"]);
    expect(listed.map((e) => e.path)).toEqual([paths.publicEvent(hearing), paths.publicEvent(forumMeeting)]);
  });
});
