import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { runTasks } from "~/lib/scheduled.server";
import { scheduledTasks } from "~/scheduled-tasks.server";
import { composeSchema, listLeftOut, prepareInvitation, previewInvitation } from "~/models/invitation-compose.server";
import { splitMessage } from "~/models/invitation-mail.server";
import { countRemindable, remindNonAnswerers, scheduleInvitation, sendInvitation } from "~/models/invitation-sending.server";
import { optOut } from "~/models/optouts.server";
import { registerForEvent } from "~/models/registrations.server";
import { readRecipientFile } from "~/models/recipient-files.server";
import { createEvent, createUser } from "../support/factories";
import { smtpServerForFile } from "../support/smtp-hooks";
import { deliverAll } from "./helpers";

const smtp = smtpServerForFile();
beforeEach(() => {
  smtp.clear();
});

const compose = (over: Record<string, unknown> = {}) => composeSchema.parse({ subject: "Invitation til temaaften", message: "Vi håber, I vil komme.", pasted: "", ...over });

async function prepared(eventId: string, over: Record<string, unknown>, now = new Date()) {
  const staff = await createUser({ role: "STAFF" });
  const result = await prepareInvitation({ actorId: staff.id, eventId, input: compose(over), table: null }, now);
  if (!result.ok) throw new Error(`prepare failed: ${result.error}`);
  return { staff, invitationId: result.invitationId, summary: result.summary };
}

describe("leave the bad lines out and continue; the left-out list says who and why", () => {
  it("bad lines refuse the list until staff leave them out; then invalid, duplicate, unsubscribed and registered are listed", async () => {
    const event = await createEvent();
    await optOut("ulla@example.dk");
    await registerForEvent({ eventId: event.id, source: "PUBLIC", name: "Rikke", email: "rikke@example.dk", locale: "da" });
    const pasted = ["Anna Hansen <anna@example.dk>; Bo <bo@example.dk>", "ikke en adresse@", "anna@example.dk", "Ulla <ulla@example.dk>", "rikke@example.dk"].join("\n");
    const refused = await prepareInvitation({ actorId: null, eventId: event.id, input: compose({ pasted }), table: null });
    expect(refused).toMatchObject({ ok: false, error: "bad-lines", lineErrors: [{ source: "pasted", line: 2, problem: "invitations.line.invalidEmail" }] });
    expect(await db.invitation.count({ where: { eventId: event.id } })).toBe(0);

    const { invitationId, summary } = await prepared(event.id, { pasted, leaveOut: "1" });
    expect(summary.total).toBe(2);
    const left = await listLeftOut(invitationId);
    expect(left.rows.map((r) => [r.reason, r.line, r.email])).toEqual([
      ["duplicate", 3, "anna@example.dk"],
      ["invalid", 2, "ikke en adresse@"],
      ["registered", null, "rikke@example.dk"],
      ["unsubscribed", null, "ulla@example.dk"],
    ]);
    expect(left.counts).toEqual({ duplicate: 1, invalid: 1, registered: 1, unsubscribed: 1 });
    expect((await listLeftOut(invitationId, { q: "ULLA" })).rows.map((r) => r.email)).toEqual(["ulla@example.dk"]);
    // deleted with the draft
    await db.invitation.delete({ where: { id: invitationId } });
    expect(await db.invitationLeftOut.count({ where: { invitationId } })).toBe(0);
  });

  it("reads an uploaded XLSX as the rows staff see, for the mapping step", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Ark1");
    sheet.addRow(["Sprog", "E-mail", "Navn"]);
    sheet.addRow(["engelsk", { text: "anna@example.dk", hyperlink: "mailto:anna@example.dk" }, "Anna Hansen"]);
    sheet.addRow(["", "bo@example.dk", "Bo"]);
    const bytes = await workbook.xlsx.writeBuffer();
    const rows = await readRecipientFile(new File([bytes as ArrayBuffer], "liste.xlsx"));
    expect(rows).toEqual([["Sprog", "E-mail", "Navn"], ["engelsk", "anna@example.dk", "Anna Hansen"], ["", "bo@example.dk", "Bo"]]);
    expect(await readRecipientFile(new File([new Uint8Array([0x50, 0x4b, 1, 2, 3])], "broken.xlsx"))).toBeNull();
  });
});

describe("the message in each recipient's language, with one greeting", () => {
  it("English recipients get the English message; without one, the Danish message in an English frame (through SMTP)", async () => {
    const event = await createEvent({ title: "Temaaften om fællesskaber" });
    const pasted = "Navn\tE-mail\tSprog\nAnna\tanna@example.dk\tda\nEmma\temma@example.dk\ten\n";
    const message = "Kære alle,\n\nVi håber, I vil komme.\n\nVenlig hilsen\nJens fra VINK";
    const withEnglish = await prepared(event.id, { pasted, message, messageEn: "We hope you will come." });
    await sendInvitation({ actorId: null, invitationId: withEnglish.invitationId });
    await deliverAll();
    const anna = smtp.to("anna@example.dk")[0]!.mail.text!;
    const emma = smtp.to("emma@example.dk")[0]!.mail.text!;
    expect(anna).toContain("Vi håber, I vil komme.");
    expect(emma).toContain("We hope you will come.");
    expect(emma).not.toContain("Vi håber");
    // one greeting: ours; the signature after the event details and the answer links
    expect(anna.match(/Kære/g)).toHaveLength(1);
    expect(anna.indexOf("Venlig hilsen\nJens fra VINK")).toBeGreaterThan(anna.indexOf("Temaaften om fællesskaber"));
    expect(anna.indexOf("Venlig hilsen\nJens fra VINK")).toBeGreaterThan(anna.indexOf("/invitations/"));

    smtp.clear();
    const event2 = await createEvent();
    const danishOnly = await prepared(event2.id, { pasted, message: "Vi håber, I vil komme." });
    const preview = await previewInvitation(danishOnly.invitationId, "en");
    expect(preview!.text).toContain("The message below from VINK is in Danish.");
    expect(preview!.html).toContain("The message below from VINK is in Danish.");
    await sendInvitation({ actorId: null, invitationId: danishOnly.invitationId });
    await deliverAll();
    const emma2 = smtp.to("emma@example.dk")[0]!.mail;
    expect(emma2.text).toContain("The message below from VINK is in Danish.");
    expect(emma2.text).toContain("Vi håber, I vil komme.");
    expect(smtp.to("anna@example.dk")[0]!.mail.text).not.toContain("in Danish");
  });

  it("splits a greeting and a closing off what staff wrote", () => {
    expect(splitMessage("Hej alle!\n\nTekst.\n\nMed venlig hilsen\nJens")).toEqual({ message: "Tekst.", signature: "Med venlig hilsen\nJens" });
    expect(splitMessage("Kære medlemmer\nTekst her.")).toEqual({ message: "Tekst her.", signature: null });
    expect(splitMessage("Hej med jer, vi ses.")).toEqual({ message: "Hej med jer, vi ses.", signature: null });
  });
});

describe("reminders: after the send, never within 24 hours of the invitation", () => {
  it("counts nobody while mail waits or within a day, then everyone who has not answered", async () => {
    const event = await createEvent();
    const t0 = new Date();
    const { invitationId } = await prepared(event.id, { pasted: "anna@example.dk\nbo@example.dk\ncai@example.dk" }, t0);
    await sendInvitation({ actorId: null, invitationId }, t0);
    // the send has not finished: nobody
    expect(await countRemindable(invitationId, new Date(t0.getTime() + 48 * 3600_000))).toBe(0);
    expect(await remindNonAnswerers({ actorId: null, invitationId }, new Date(t0.getTime() + 48 * 3600_000))).toBe(0);
    await deliverAll();
    expect(await countRemindable(invitationId, new Date(t0.getTime() + 23.9 * 3600_000))).toBe(0);
    expect(await remindNonAnswerers({ actorId: null, invitationId }, new Date(t0.getTime() + 23.9 * 3600_000))).toBe(0);
    const later = new Date(Date.now() + 24 * 3600_000 + 60_000);
    expect(await countRemindable(invitationId, later)).toBe(3);
    expect(await remindNonAnswerers({ actorId: null, invitationId }, later)).toBe(3);
    expect(await countRemindable(invitationId, new Date(later.getTime() + 3600_000))).toBe(0);
  });
});

describe("a send scheduled for a date and time", () => {
  it("the worker's task sends it at its time, once, through SMTP; staff cannot schedule the past", async () => {
    const event = await createEvent();
    const t0 = new Date();
    const { staff, invitationId } = await prepared(event.id, { pasted: "anna@example.dk\nbo@example.dk" }, t0);
    expect(await scheduleInvitation({ actorId: staff.id, invitationId, when: new Date(t0.getTime() - 60_000) }, t0)).toEqual({ ok: false, error: "past" });
    const at = new Date(t0.getTime() + 3600_000);
    expect(await scheduleInvitation({ actorId: staff.id, invitationId, when: at }, t0)).toEqual({ ok: true });
    const task = scheduledTasks.filter((s) => s.name === "scheduled-invitations");
    expect(task).toHaveLength(1);

    await runTasks(task, new Date(at.getTime() - 60_000));
    await deliverAll();
    expect(smtp.received).toHaveLength(0);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).sentAt).toBeNull();

    await runTasks(task, at);
    await runTasks(task, new Date(at.getTime() + 60_000));
    await deliverAll();
    expect(smtp.to("anna@example.dk")).toHaveLength(1);
    expect(smtp.to("bo@example.dk")).toHaveLength(1);
    expect(smtp.received).toHaveLength(2);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).sentAt).toEqual(at);
    expect(await db.auditLog.count({ where: { entityId: invitationId, action: "invitation.schedule" } })).toBe(1);
  });
});
