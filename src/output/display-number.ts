/**
 * Numbers as a table shows them. Values arrive as strings (GetQueryResults' shape); the digits
 * are never changed except to round a long fraction, done on the digits themselves so that
 * integers beyond 2^53 and long ids stay exact.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;
const NUMERIC = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
/** Fraction digits kept for a number of 1 or more: sums of floats print as 2990439.218, not 2990439.2179999948. */
const MAX_DECIMALS = 3;
/** Significant digits kept for a number below 1: 0.000123 stays readable. */
const SMALL_DIGITS = 3;

export function isNumeric(text: string): boolean {
  return NUMERIC.test(text);
}

/** `2990439.2179999948` -> `2990439.218`, `0.000123456` -> `0.000123`; anything else as it is. */
export function roundForDisplay(text: string): string {
  if (!DECIMAL.test(text)) return text;
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const leadingZeros = /^0+/.exec(fraction)?.[0].length ?? 0;
  const keep = /^0+$/.test(whole) ? Math.max(MAX_DECIMALS, leadingZeros + SMALL_DIGITS) : MAX_DECIMALS;
  if (fraction.length <= keep) return text;
  const rounded = roundDigits(whole + fraction.slice(0, keep), Number(fraction[keep]) >= 5);
  const intDigits = rounded.length - keep;
  const out = `${rounded.slice(0, intDigits)}.${rounded.slice(intDigits)}`.replace(/\.?0+$/, "");
  return (negative && /[1-9]/.test(out) ? "-" : "") + out;
}

/** Adds one in the last place when `up`, carrying: "1999" -> "2000", "999" -> "1000". */
function roundDigits(digits: string, up: boolean): string {
  if (!up) return digits;
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== "9") {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
    out[i] = "0";
  }
  return "1" + out.join("");
}
