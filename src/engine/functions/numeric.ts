import type { Value } from "../values.js";
import { strict, type FunctionFamily } from "./registry.js";
import { toNumber, toText } from "./coerce.js";
import { numberValue } from "../exact-number.js";

/** Numeric functions (reference §4.1). Non-numeric input gives a missing value. */
function unary(name: string, op: (x: number) => number): ReturnType<typeof strict> {
  return strict(name, 1, 1, ([a]) => finite(numberOrNull(a, op)));
}

function numberOrNull(v: Value, op: (x: number) => number): number | null {
  const x = toNumber(v);
  return x === null ? null : op(x);
}

function finite(n: number | null): number | null {
  return n !== null && Number.isFinite(n) ? n : null;
}

function extreme(name: string, pick: (a: number, b: number) => number): ReturnType<typeof strict> {
  return {
    name,
    min: 1,
    max: Infinity,
    fn: (args) => {
      let best: number | null = null;
      for (const a of args) {
        const x = toNumber(a);
        if (x !== null) best = best === null ? x : pick(best, x);
      }
      return best;
    },
  };
}

const EARTH_RADIUS_KM = 6371;

function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

/**
 * `toInt`/`toLong`: the integer part, if it fits the Java type's range. Decimal digits (a JSON
 * integer a double cannot hold is kept as its digits: exact-number.ts) are cut exactly, so that
 * `toLong` keeps all 64 bits where the double would have lost the last digits; the result is
 * exact the same way (`numberValue`).
 */
function integer(name: string, bits: 32 | 64): ReturnType<typeof strict> {
  const limit = 2 ** (bits - 1);
  const big = 2n ** BigInt(bits - 1);
  return strict(name, 1, 1, ([a]) => {
    const text = typeof a === "string" ? a.trim() : undefined;
    const digits = text === undefined ? null : DECIMAL.exec(text);
    if (digits !== null) {
      const whole = BigInt(digits[1]);
      return whole >= -big && whole < big ? numberValue(whole.toString()) : null;
    }
    const x = toNumber(text ?? a);
    if (x === null) return null;
    const t = Math.trunc(x);
    return t >= -limit && t < limit ? t : null;
  });
}

/** A decimal number written with digits only, its integer part (with its sign) captured. */
const DECIMAL = /^([-+]?\d+)(?:\.\d*)?$/;

export const numericFunctions: FunctionFamily = [
  unary("abs", Math.abs),
  unary("ceil", Math.ceil),
  unary("floor", Math.floor),
  unary("log", Math.log),
  unary("sqrt", Math.sqrt),
  extreme("greatest", Math.max),
  extreme("least", Math.min),
  strict("round", 1, 2, ([a, d]) => {
    const x = toNumber(a);
    const digits = d === undefined || d === null ? 0 : toNumber(d);
    if (x === null || digits === null) return null;
    const f = 10 ** Math.trunc(digits);
    // Half away from zero, as Java's Math.round on the magnitude.
    return finite(Math.sign(x) * Math.round(Math.abs(x) * f) / f);
  }),
  strict("haversine", 4, 4, (args) => {
    const [a, b, c, d] = args.map(toNumber);
    return a === null || b === null || c === null || d === null ? null : haversine(a, b, c, d);
  }),
  strict("toNumber", 1, 1, ([a]) => toNumber(typeof a === "string" ? a.trim() : a)),
  strict("toDouble", 1, 1, ([a]) => toNumber(typeof a === "string" ? a.trim() : a)),
  integer("toInt", 32),
  integer("toLong", 64),
  strict("hexToDec", 1, 1, ([a]) => {
    const text = toText(a)?.trim().replace(/^0x/i, "");
    return text && /^[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : null;
  }),
];
