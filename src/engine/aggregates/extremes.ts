import type { Value } from "../values.js";
import type { Accumulator, AggregateFunction } from "./registry.js";
import type { Evaluator } from "../compile/types.js";
import type { Row } from "../record.js";
import { compareNatural, tieOrder } from "../compare.js";
import { isStructured } from "../functions/coerce.js";
import { unaryAggregate } from "./unary.js";

/**
 * min/max and sortsFirst/sortsLast: the value that sorts first or last in the natural sort
 * order of `sort` (typed numbers numerically). min/max keep the value's type; of values that
 * sort alike (5 and "5"), the first by `tieOrder`, whatever order they came in.
 */
function extreme(name: string, sign: 1 | -1): AggregateFunction {
  return unaryAggregate(name, (arg) => new Extreme(arg, sign), { anyOrder: true });
}

/** One group's min/max: a small class, as a stats holds one per group (see basic.ts). */
class Extreme implements Accumulator {
  private best: Value = null;
  constructor(
    private readonly arg: Evaluator,
    private readonly sign: 1 | -1,
  ) {}
  take(v: Value): void {
    if (v === null || isStructured(v)) return;
    if (this.best === null) {
      this.best = v;
      return;
    }
    const c = this.sign * compareNatural(v, this.best);
    if (c < 0 || (c === 0 && tieOrder(v, this.best) < 0)) this.best = v;
  }
  add(row: Row): void {
    this.take(this.arg(row));
  }
  result(): Value {
    return this.best;
  }
  save(): Value {
    return this.best;
  }
  /** The other rows' best competes as each of them would have. */
  merge(s: unknown): void {
    this.take(s as Value);
  }
}

export const extremeAggregates: AggregateFunction[] = [
  extreme("min", 1),
  extreme("max", -1),
  extreme("sortsFirst", 1),
  extreme("sortsLast", -1),
];
