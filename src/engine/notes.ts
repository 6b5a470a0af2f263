import type { Call, DurationLiteral } from "./ast.js";
import { PERIOD_CAPS, periodUnit, type PeriodUnit } from "./compile/duration.js";
import type { Diagnostic } from "./diagnostics.js";
import { parse } from "./parser.js";
import { forEachNode } from "./walk.js";

/**
 * What runs, but not as written: notes a user should read before trusting the answer, found
 * without running the query and the same on CloudWatch as offline. Each is a `warning`
 * diagnostic with a span, so that it is shown where it is.
 */
export function queryNotes(text: string): Diagnostic[] {
  const { query, diagnostics } = parse(text);
  if (diagnostics.length > 0) return [];
  const notes: Diagnostic[] = [];
  forEachNode(query.commands, (node) => {
    if (node.kind !== "call") return;
    const call = node as unknown as Call;
    const at = PERIOD_ARGUMENT[call.name.toLowerCase()];
    const arg = at === undefined ? undefined : call.args[at];
    if (arg?.kind === "duration") {
      const note = cappedPeriod(call.name, arg);
      if (note) notes.push(note);
    }
  });
  return notes.sort((a, b) => a.span.start - b.span.start);
}

/** Where the period is among each capped function's arguments; `rate()` and `offset` are not capped. */
const PERIOD_ARGUMENT: Record<string, number> = { bin: 0, datefloor: 1, dateceil: 1 };

/** The units a capped amount may be written in instead, from the smallest; `d` is uncapped. */
const LADDER: readonly { unit: PeriodUnit; ms: number }[] = [
  { unit: "ms", ms: 1 },
  { unit: "s", ms: 1000 },
  { unit: "m", ms: 60_000 },
  { unit: "h", ms: 3_600_000 },
  { unit: "d", ms: 86_400_000 },
];

const UNIT_WORDS: Partial<Record<PeriodUnit, string>> = { ms: "milliseconds", s: "seconds", m: "minutes", h: "hours", d: "days" };

/**
 * CloudWatch silently caps a period's amount per unit (`bin(300s)` is one minute, documented);
 * tolog caps it the same way, and says so here, since a bin of another width than asked changes
 * every count and percentile in a curve.
 */
function cappedPeriod(name: string, arg: DurationLiteral): Diagnostic | undefined {
  const unit = periodUnit(arg.unit);
  const cap = unit === undefined ? undefined : PERIOD_CAPS[unit];
  if (unit === undefined || cap === undefined || !Number.isInteger(arg.amount) || arg.amount <= cap) return undefined;
  const words = UNIT_WORDS[unit] ?? unit;
  // bin() takes the period alone, so the call reads whole; the others are named with the period.
  const written = (amount: number | string, suffix: string): string => (name.toLowerCase() === "bin" ? `${name}(${amount}${suffix})` : `${amount}${suffix}`);
  return {
    code: "TL801",
    severity: "warning",
    message: `${written(arg.amount, arg.unit)} is ${written(cap, arg.unit)}${name.toLowerCase() === "bin" ? "" : ` in ${name}()`}: CloudWatch caps a period in ${words} at ${cap}`,
    span: arg.span,
    help: rewrite(arg.amount, unit, words, written),
  };
}

/** The same length in the smallest larger unit that takes it whole and under its cap, if any. */
function rewrite(amount: number, unit: PeriodUnit, words: string, written: (amount: number, unit: string) => string): string {
  const from = LADDER.findIndex((step) => step.unit === unit);
  const ms = amount * LADDER[from].ms;
  for (const step of LADDER.slice(from + 1)) {
    const cap = PERIOD_CAPS[step.unit];
    if (ms % step.ms === 0 && (cap === undefined || ms / step.ms <= cap)) {
      return `write ${written(ms / step.ms, step.unit)} for ${amount} ${words}`;
    }
  }
  const next = LADDER[from + 1];
  const [under, over] = [Math.floor(ms / next.ms), Math.ceil(ms / next.ms)];
  return `${amount} ${words} is not a whole number of ${UNIT_WORDS[next.unit]}: write e.g. ${written(under, next.unit)} or ${written(over, next.unit)}`;
}
