/**
 * Small numbers are not shown (issue 10, item 3; docs/decisions/0024-yearly-status.md). Every count of PEOPLE in the
 * yearly status passes through here before it leaves the server, so the page, the XLSX and the print/PDF show the
 * same cells and the hidden figure never reaches a browser or a file.
 *
 * - primary: a count of 1–4 people is shown as "< 5" (0 is shown: nobody can be recognised in nobody);
 * - complementary: a total is withheld when, with the parts that are shown, it would give a hidden part away — one
 *   hidden part (total − the others), or hidden parts that can only be all 1s or all 4s.
 */
const SMALL_LIMIT = 5;

export type Shown = { kind: "value"; value: number } | { kind: "small" } | { kind: "withheld" };

const value = (n: number): Shown => ({ kind: "value", value: n });

/** One count of people on its own. */
export function peopleCell(n: number): Shown {
  return n > 0 && n < SMALL_LIMIT ? { kind: "small" } : value(n);
}

/**
 * Parts (e.g. per track) and their total. `additive: false` for totals that are not the sum of the parts (distinct
 * people across tracks): the total is then withheld whenever exactly one part is hidden.
 */
export function suppressBreakdown(parts: number[], total: number, additive = true): { parts: Shown[]; total: Shown } {
  const shownParts = parts.map(peopleCell);
  const totalCell = peopleCell(total);
  if (totalCell.kind !== "value") return { parts: shownParts, total: totalCell };
  const hidden = shownParts.filter((c) => c.kind !== "value").length;
  if (hidden === 0) return { parts: shownParts, total: totalCell };
  if (hidden === 1) return { parts: shownParts, total: { kind: "withheld" } };
  if (!additive) return { parts: shownParts, total: totalCell };
  const rest = total - shownParts.reduce((sum, c) => sum + (c.kind === "value" ? c.value : 0), 0);
  const revealing = rest === hidden || rest === hidden * (SMALL_LIMIT - 1);
  return { parts: shownParts, total: revealing ? { kind: "withheld" } : totalCell };
}

/** The number behind a cell when it is shown, else null (for ratios made from it, which must hide with it). */
export function shownValue(cell: Shown): number | null {
  return cell.kind === "value" ? cell.value : null;
}
