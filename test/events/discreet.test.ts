import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms.server";
import { eventFormSchema, type EventInput } from "~/models/event-form";
import { isDiscreetByDefault } from "~/models/event-options";
import { createEvent as createEventByStaff, updateEvent } from "~/models/events.server";
import { eventRedirect, getPublicEvent, listPublicEvents, listUpcomingMemberEvents, publicEventIcs } from "~/models/public-events.server";
import { createActiveMember, createEvent, createUser } from "../support/factories";
import { paths } from "~/lib/urls";

function form(fields: Record<string, string | string[]>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

const staffForm = {
  kind: "COURSE_PARENTS",
  title: "Kursus om ekstremisme og radikalisering",
  summary: "Fire aftener for forældre",
  track: "1",
  audience: "RELATIVES",
  visibility: "PUBLIC",
  placeAddress: "Rådhuspladsen 1",
  languages: "da",
  calendarTitle: "",
  "sessionId[]": [""],
  "sessionDate[]": ["2031-10-22"],
  "sessionStart[]": ["17:00"],
  "sessionEnd[]": ["19:00"],
  "sessionAddress[]": [""],
  "sessionRoom[]": [""],
};

function parsed(fields: Record<string, string | string[]>): EventInput {
  const result = parseForm(form(fields), eventFormSchema);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

describe("discreet by default", () => {
  it("is on for courses and for anything for relatives, off otherwise", () => {
    for (const kind of ["COURSE_PARENTS", "COURSE_SIBLINGS", "COURSE_RELATIVES"]) expect(isDiscreetByDefault({ kind, audience: "EVERYONE" }), kind).toBe(true);
    expect(isDiscreetByDefault({ kind: "NETWORK_MEETING", audience: "RELATIVES" })).toBe(true);
    expect(isDiscreetByDefault({ kind: "NETWORK_MEETING", audience: "FRONTLINE" })).toBe(false);
    expect(isDiscreetByDefault({ kind: "TALK", audience: "EVERYONE" })).toBe(false);
  });

  it("the staff form's three answers: automatic follows the kind and audience, yes and no decide", async () => {
    expect(parsed({ ...staffForm, discreet: "auto" }).discreet).toBeUndefined();
    expect(parsed(staffForm).discreet).toBeUndefined(); // without the field (an old form) it is automatic too
    expect(parsed({ ...staffForm, discreet: "yes" }).discreet).toBe(true);
    expect(parsed({ ...staffForm, discreet: "no" }).discreet).toBe(false);
    const wrong = parseForm(form({ ...staffForm, discreet: "maybe" }), eventFormSchema);
    expect(!wrong.ok && wrong.errors.discreet).toBe("form.invalid");

    const staff = await createUser({ role: "STAFF" });
    const course = await createEventByStaff(staff.id, parsed({ ...staffForm, discreet: "auto" }));
    expect(course.discreet).toBe(true);
    const network = await createEventByStaff(staff.id, parsed({ ...staffForm, kind: "NETWORK_MEETING", audience: "RELATIVES", discreet: "auto" }));
    expect(network.discreet).toBe(true);
    const talk = await createEventByStaff(staff.id, parsed({ ...staffForm, kind: "TALK", audience: "EVERYONE", discreet: "auto" }));
    expect(talk.discreet).toBe(false);
    const openCourse = await createEventByStaff(staff.id, parsed({ ...staffForm, discreet: "no" }));
    expect(openCourse.discreet).toBe(false);
    const discreetTalk = await createEventByStaff(staff.id, parsed({ ...staffForm, kind: "TALK", audience: "EVERYONE", discreet: "yes" }));
    expect(discreetTalk.discreet).toBe(true);
  });

  it("a change of the setting is saved and audited with the event's update", async () => {
    const staff = await createUser({ role: "STAFF" });
    const event = await createEventByStaff(staff.id, parsed(staffForm));
    expect(event.discreet).toBe(true);
    const sessions = [{ id: event.sessions[0]!.id, startsAt: event.sessions[0]!.startsAt, endsAt: event.sessions[0]!.endsAt }];
    const off = await updateEvent({ actorId: staff.id, eventId: event.id, input: { ...parsed({ ...staffForm, discreet: "no" }), sessions } });
    expect(off.ok && off.event.discreet).toBe(false);
    const entries = await db.auditLog.findMany({ where: { entityId: event.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["event.create", "event.update"]);
    expect(JSON.parse(entries[0]!.details!)).toMatchObject({ discreet: true });
    expect(JSON.parse(entries[1]!.details!)).toMatchObject({ discreet: false, discreetChanged: true });
    expect(entries[1]!.actorId).toBe(staff.id);
  });
});

describe("the public address", () => {
  it("of a discreet event is its short id, with no word of its title; of another its slug", async () => {
    const discreet = await createEvent({ title: "Ekstremisme og radikalisering i familien" });
    expect(discreet.discreet).toBe(true);
    expect(discreet.shortId).toMatch(/^[a-z2-9]{10}$/);
    expect(paths.publicEvent(discreet)).toBe(`/events/${discreet.shortId}`);
    for (const word of ["ekstremisme", "radikal", "familie"]) expect(paths.publicEvent(discreet)).not.toContain(word);

    const open = await createEvent({ kind: "TALK", audience: "EVERYONE", title: "Åbent oplæg om demokrati" });
    expect(open.discreet).toBe(false);
    expect(paths.publicEvent(open)).toBe(`/events/${open.slug}`);
    expect(open.slug).toContain("demokrati");
  });

  it("is found by id, slug or short id; a discreet event's is sent on to its short id", async () => {
    const discreet = await createEvent({ title: "Kursus om bekymring" });
    for (const asked of [discreet.id, discreet.slug, discreet.shortId]) expect((await getPublicEvent(asked))?.event.id, asked).toBe(discreet.id);
    expect(eventRedirect(discreet.slug, discreet)).toBe(`/events/${discreet.shortId}`);
    expect(eventRedirect(discreet.id, discreet)).toBe(`/events/${discreet.shortId}`);
    expect(eventRedirect(discreet.shortId, discreet)).toBeNull();

    const open = await createEvent({ kind: "TALK", audience: "EVERYONE", title: "Oplæg for alle" });
    for (const asked of [open.id, open.slug, open.shortId]) expect((await getPublicEvent(asked))?.event.id, asked).toBe(open.id);
    // nothing to hide: shown at whichever it was asked by
    for (const asked of [open.id, open.slug, open.shortId]) expect(eventRedirect(asked, open), asked).toBeNull();

    expect(await getPublicEvent("findes-ikke")).toBeNull();
    expect(await getPublicEvent("")).toBeNull();
  });

  it("follows a change of the flag at once", async () => {
    const staff = await createUser({ role: "STAFF" });
    const event = await createEventByStaff(staff.id, parsed(staffForm));
    const sessions = [{ id: event.sessions[0]!.id, startsAt: event.sessions[0]!.startsAt, endsAt: event.sessions[0]!.endsAt }];
    await updateEvent({ actorId: staff.id, eventId: event.id, input: { ...parsed({ ...staffForm, discreet: "no" }), sessions } });
    const now = (await getPublicEvent(event.slug, { userId: staff.id, role: "STAFF" }))!.event;
    expect(eventRedirect(event.slug, now)).toBeNull();
    await updateEvent({ actorId: staff.id, eventId: event.id, input: { ...parsed({ ...staffForm, discreet: "yes" }), sessions } });
    const again = (await getPublicEvent(event.slug, { userId: staff.id, role: "STAFF" }))!.event;
    expect(eventRedirect(event.slug, again)).toBe(`/events/${event.shortId}`);
  });

  it("a slug never equals another event's short id, so one address is one event", async () => {
    const first = await createEvent({ title: "Kursus" });
    const second = await createEvent({ kind: "TALK", audience: "EVERYONE", title: first.shortId });
    expect(second.slug).not.toBe(first.shortId);
    expect(second.slug).toBe(`${first.shortId}-2`);
    expect((await getPublicEvent(first.shortId))?.event.id).toBe(first.id);
  });

  it("is the link in every list: /events and a member's events", async () => {
    const discreet = await createEvent({ title: "Kursus for søskende" });
    const open = await createEvent({ kind: "TALK", audience: "EVERYONE", title: "Oplæg" });
    const listed = await listPublicEvents();
    expect(listed.find((e) => e.id === discreet.id)?.path).toBe(`/events/${discreet.shortId}`);
    expect(listed.find((e) => e.id === open.id)?.path).toBe(`/events/${open.slug}`);
    // what the list carries to the page holds no word of a discreet event's topic from its slug
    expect(JSON.stringify(listed)).not.toContain(discreet.slug);

    const { organisation } = await createActiveMember();
    const forum = await createEvent({ kind: "FORUM_MEETING", audience: "RELATIVES", visibility: "MEMBERS", title: "Forummøde om pårørende" });
    const mine = await listUpcomingMemberEvents(organisation.id);
    expect(mine.find((e) => e.id === forum.id)?.path).toBe(`/events/${forum.shortId}`);
  });

  it("of the public calendar file comes with the event's address, so an old one can be sent on", async () => {
    const discreet = await createEvent({ title: "Kursus med kalender" });
    const ics = await publicEventIcs(discreet.slug);
    expect(ics?.body).toContain("BEGIN:VCALENDAR");
    expect(eventRedirect(discreet.slug, ics!.event)).toBe(`/events/${discreet.shortId}`);
  });
});
