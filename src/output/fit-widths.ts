/**
 * How wide each column of a table may be so that the table fits a terminal. Columns have roles:
 * timestamps, ids, numbers and labels are kept whole; free text is cut first, then charts
 * (which are drawn at any width); when that is not enough, columns are left out, as few as
 * possible and the lowest-priority ones first, and the rest fitted again. Only a terminal too
 * narrow for even one whole column cuts everything.
 */

export type ColumnRole = "timestamp" | "id" | "number" | "label" | "text" | "chart";

export interface FitColumn {
  role: ColumnRole;
  /** Widest cell or header. */
  natural: number;
  /** Narrowest a text or chart column is cut to. */
  min: number;
  /** Higher stays longer; among equals, the rightmost column is left out first. */
  priority: number;
}

/** Content widths (null: left out) for a table whose borders and padding take 3 per column plus 1. */
export function fitWidths(columns: readonly FitColumn[], maxWidth: number): (number | null)[] {
  const fits = (set: readonly number[]) => shrinkToFit(set.map((i) => columns[i]), maxWidth - (set.length * 3 + 1));
  const byImportance = columns.map((_, i) => i).sort((a, b) => columns[a].priority - columns[b].priority || b - a);
  let active = columns.map((_, i) => i);
  const left: number[] = [];
  // Least important first until the rest fit (one column always stays) ...
  for (const next of byImportance) {
    if (active.length === 1 || fits(active) !== undefined) break;
    active = active.filter((i) => i !== next);
    left.push(next);
  }
  // ... then each of those back, most important first, if it still fits: as few columns as
  // possible are left out, and a wide unimportant one rather than several narrow ones.
  for (const back of [...left].reverse()) {
    const tried = [...active, back].sort((a, b) => a - b);
    if (fits(tried) !== undefined) active = tried;
  }
  const budget = maxWidth - (active.length * 3 + 1);
  const widths = fits(active) ?? cutAll(active.map((i) => columns[i].natural), budget);
  const out: (number | null)[] = columns.map(() => null);
  active.forEach((column, k) => (out[column] = widths[k]));
  return out;
}

const SHRINK_ORDER: readonly ColumnRole[] = ["text", "chart"];

/** Text columns are cut to a common cap (the widest ones lose most), then charts; undefined if that is not enough. */
function shrinkToFit(columns: readonly FitColumn[], budget: number): number[] | undefined {
  const widths = columns.map((c) => c.natural);
  for (const role of SHRINK_ORDER) {
    if (sum(widths) <= budget) return widths;
    const members = columns.map((c, i) => (c.role === role ? i : -1)).filter((i) => i >= 0);
    if (members.length === 0) continue;
    const others = sum(widths) - sum(members.map((i) => widths[i]));
    const at = (cap: number) => members.map((i) => Math.max(Math.min(columns[i].min, columns[i].natural), Math.min(columns[i].natural, cap)));
    const cap = largestCap(at, budget - others, Math.max(...members.map((i) => columns[i].natural)));
    at(cap).forEach((w, k) => (widths[members[k]] = w));
  }
  return sum(widths) <= budget ? widths : undefined;
}

/** The last resort: every column cut to a common cap, none narrower than 1. */
function cutAll(natural: readonly number[], budget: number): number[] {
  const at = (cap: number) => natural.map((w) => Math.min(w, Math.max(1, cap)));
  return at(largestCap(at, budget, Math.max(...natural)));
}

/** The largest cap in [0, high] whose widths fit `room` (0 when none does). */
function largestCap(widthsAt: (cap: number) => number[], room: number, high: number): number {
  let low = 0;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sum(widthsAt(mid)) <= room) low = mid;
    else high = mid - 1;
  }
  return low;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
