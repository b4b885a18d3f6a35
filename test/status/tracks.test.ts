import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms.server";
import { eventFormSchema } from "~/models/event-form";
import { budgetFormSchema, createTrack, listTracksWithBudgets, setTrackBudget, trackExists, trackFormSchema, updateTrack } from "~/models/tracks.server";
import { createEvent, createUser } from "../support/factories";

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
};

describe("tracks and budgets", () => {
  it("come with the plan's three tracks; admins add a track, rename it, and set and remove budgets, each audited", async () => {
    const admin = await createUser({ role: "ADMIN" });
    expect((await listTracksWithBudgets()).map((t) => [t.number, t.name])).toEqual([
      [1, "Håndtering af bekymringer"],
      [2, "Rådgivning og opkvalificering af fagpersoner og civilsamfund"],
      [3, "Forebyggende arbejde"],
    ]);
    const parsed = parseForm(form({ number: "4", name: "Mentorforsøg", description: "Et forsøg." }), trackFormSchema);
    if (!parsed.ok) throw new Error("parse");
    const created = await createTrack(admin.id, parsed.data);
    if (!created.ok) throw new Error(created.error);
    expect(await createTrack(admin.id, { number: 4, name: "Igen", description: "" })).toEqual({ ok: false, error: "number-taken" });
    expect(await updateTrack({ actorId: admin.id, trackId: created.id, input: { name: "Mentorer", description: "" } })).toBe(true);

    const budget = parseForm(form({ trackId: created.id, year: "2016", amount: "1.400.000" }), budgetFormSchema);
    if (!budget.ok) throw new Error("parse");
    expect(budget.data.amount).toBe(1_400_000);
    await setTrackBudget(admin.id, budget.data);
    await setTrackBudget(admin.id, { trackId: created.id, year: 2016, amount: 1_500_000 }); // one budget per track and year
    await setTrackBudget(admin.id, { trackId: created.id, year: 2017, amount: 2_350_000 });
    await setTrackBudget(admin.id, { trackId: created.id, year: 2017, amount: null }); // empty removes it
    const track = (await listTracksWithBudgets()).find((t) => t.number === 4)!;
    expect([track.name, track.budgets]).toEqual(["Mentorer", [{ year: 2016, amount: 1_500_000 }]]);
    const actions = (await db.auditLog.findMany({ where: { actorId: admin.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["track.create", "track.update", "track.budget", "track.budget", "track.budget", "track.budget"]);
  });

  it("refuses a budget that is not whole kroner or a year that is no year", () => {
    for (const [year, amount, field] of [["2016", "1,5 mio", "amount"], ["16", "100", "year"], ["2016", "-100", "amount"], ["2016", "99999999999", "amount"]]) {
      const parsed = parseForm(form({ trackId: "x", year: year!, amount: amount! }), budgetFormSchema);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual([field]);
    }
  });

  it("refuses control characters in a track's name and description, as every form's text does, and keeps line breaks", () => {
    const bad = parseForm(form({ number: "5", name: "Mentor\u0085forsøg", description: "Et\u0007forsøg." }), trackFormSchema);
    expect(!bad.ok && bad.errors).toEqual({ name: "form.invalid", description: "form.invalid" });
    const good = parseForm(form({ number: "5", name: "Mentorforsøg", description: "  Første linje\r\n\tanden linje  " }), trackFormSchema);
    expect(good.ok && good.data).toEqual({ number: 5, name: "Mentorforsøg", description: "Første linje\n\tanden linje" });
  });

  it("lets an event name only one of the plan's tracks", async () => {
    expect(await trackExists(3)).toBe(true);
    expect(await trackExists(9)).toBe(false);
    await expect(createEvent({ track: 9 })).rejects.toThrow("Unknown action-plan track 9");
    expect((await createEvent({ track: 3 })).track).toBe(3);
    const parsed = parseForm(form({ track: "" }), eventFormSchema);
    expect(!parsed.ok && parsed.errors.track).toBe("form.required");
  });
});
