import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "~/lib/db.server";
import { currentYear, statusFigures } from "~/models/status-figures.server";
import { listTracksWithBudgets } from "~/models/tracks.server";
import { seedStatus } from "../../prisma/seed/status";

describe("the status demo seed", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("has the plan's three tracks with the 2016 and 2017 budgets, this year's and last, and held events so the status shows figures", async () => {
    // the seed places its events by today's date: on a fixed day the counts are known
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-06-15T10:00:00Z") });
    await seedStatus(db);
    const tracks = await listTracksWithBudgets();
    expect(tracks.map((t) => t.number)).toEqual([1, 2, 3]);
    const budget = (year: number) => tracks.map((t) => t.budgets.find((b) => b.year === year)?.amount);
    expect(budget(2016)).toEqual([1_400_000, 350_000, 600_000]);
    expect(budget(2017)).toEqual([2_350_000, 500_000, 1_000_000]);
    const year = currentYear();
    expect(year).toBe(2026);
    expect(budget(year).every((a) => typeof a === "number")).toBe(true);
    expect(budget(year - 1).every((a) => typeof a === "number")).toBe(true);
    // the held events lie in the last 75 days (this year) and a year before (last year)
    const { current, previous } = await statusFigures(year);
    expect([current.total.sessionsHeld, previous.total.sessionsHeld]).toEqual([3 + 1 + 1 + 1, 2 + 1]);
    // present unless (person + session) % 5 is 0: 29 + 14 + 7 + 2 this year, 16 + 20 the year before
    expect([current.total.attendances, previous.total.attendances]).toEqual([52, 36]);
  });
});
