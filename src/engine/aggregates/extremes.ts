import type { Value } from "../values.js";
import type { AggregateFunction } from "./registry.js";
import { compareNatural } from "../compare.js";
import { isStructured } from "../functions/coerce.js";
import { unaryAggregate } from "./unary.js";

/**
 * min/max and sortsFirst/sortsLast: the value that sorts first or last in the natural sort
 * order of `sort` (typed numbers numerically). min/max keep the value's type.
 */
function extreme(name: string, sign: 1 | -1): AggregateFunction {
  return unaryAggregate(name, (arg) => {
    let best: Value = null;
    const take = (v: Value): void => {
      if (v === null || isStructured(v)) return;
      if (best === null || sign * compareNatural(v, best) < 0) best = v;
    };
    return {
      add: (row) => take(arg(row)),
      result: () => best,
      save: () => best,
      // The later rows' best competes as each of them would have: an equal one does not win.
      merge: (s) => take(s as Value),
    };
  });
}

export const extremeAggregates: AggregateFunction[] = [
  extreme("min", 1),
  extreme("max", -1),
  extreme("sortsFirst", 1),
  extreme("sortsLast", -1),
];
