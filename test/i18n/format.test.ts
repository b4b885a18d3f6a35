import { describe, expect, test } from "vitest";
import { formatDate, formatNumber } from "~/lib/i18n";

describe("formatDate", () => {
  // 10:30 in Copenhagen: 08:30 UTC in summer (CEST), 09:30 UTC in winter (CET)
  const summer = new Date("2026-06-15T08:30:00Z");
  const winter = new Date("2026-01-15T09:30:00Z");

  test("shows Copenhagen time in both seasons, whatever the process's zone", () => {
    expect(formatDate("da", summer, "time")).toBe("10.30");
    expect(formatDate("da", winter, "time")).toBe("10.30");
    expect(formatDate("en", summer, "time")).toBe("10:30");
  });

  test("each language and style keeps its own format, however they are mixed", () => {
    const rounds = [0, 1].map(() => [
      formatDate("da", summer),
      formatDate("en", summer),
      formatDate("da", summer, "weekday"),
      formatDate("en", summer, "datetime"),
      formatDate("da", "2026-06-15T08:30:00Z", "datetime"),
    ]);
    expect(rounds[0]).toEqual(rounds[1]);
    expect(rounds[0]).toEqual([
      "15. juni 2026",
      "15 June 2026",
      "mandag den 15. juni 2026",
      "15 June 2026 at 10:30",
      "15. juni 2026 kl. 10.30",
    ]);
  });

  test("formatNumber groups by the language's rule", () => {
    expect(formatNumber("da", 12345.5)).toBe("12.345,5");
    expect(formatNumber("en", 12345.5)).toBe("12,345.5");
  });
});
