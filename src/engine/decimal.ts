/**
 * Exact order of numbers written as text, without going through doubles: a double holds 15-17
 * significant digits and overflows past 1.8e308, so `"1234567890123456789"` and
 * `"1234567890123456788"` would be equal and `"8e91234"` would not equal itself.
 */

/** A decimal as sign, significant digits (no leading or trailing zeros) and the exponent of its last digit. */
interface Decimal {
  negative: boolean;
  digits: string;
  exponent: bigint;
}

const NUMBER = /^\s*([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?\s*$/;

function decimal(text: string): Decimal | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const whole = m[2];
  const fraction = m[3] ?? "";
  let digits = (whole + fraction).replace(/^0+/, "");
  let exponent = BigInt(m[4] ?? "0") - BigInt(fraction.length);
  const trailing = digits.length - digits.replace(/0+$/, "").length;
  digits = digits.slice(0, digits.length - trailing);
  exponent += BigInt(trailing);
  return { negative: m[1] === "-" && digits !== "", digits, exponent };
}

/** Orders two decimals by value: negative, zero or positive. */
function compareDecimals(x: Decimal, y: Decimal): number {
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const sign = x.negative ? -1 : 1;
  if (x.digits === "" || y.digits === "") return sign * ((x.digits === "" ? 0 : 1) - (y.digits === "" ? 0 : 1));
  // The place of the leading digit decides; then the digits, left-aligned.
  const xTop = BigInt(x.digits.length) + x.exponent;
  const yTop = BigInt(y.digits.length) + y.exponent;
  if (xTop !== yTop) return sign * (xTop < yTop ? -1 : 1);
  const n = Math.max(x.digits.length, y.digits.length);
  const a = x.digits.padEnd(n, "0");
  const b = y.digits.padEnd(n, "0");
  return a < b ? -sign : a > b ? sign : 0;
}

/** Orders two numeric texts (`isNumericText`) by their exact value. */
export function compareDecimalText(a: string, b: string): number {
  const x = decimal(a);
  const y = decimal(b);
  if (x === undefined || y === undefined) return a < b ? -1 : a > b ? 1 : 0;
  return compareDecimals(x, y);
}

/**
 * Orders a typed number against a numeric text. A whole text compares exactly with the integer
 * the number prints as (`String`, as results print it): 1e21 equals `1000000000000000000000`,
 * and a double beyond 2^53 equals one digit string only. Other text compares by the double it
 * reads as, as a JSON number with a fraction does (the text `0.1` equals 0.1). An infinity
 * compares as a double.
 */
export function compareNumberWithText(x: number, text: string): number {
  // Rounding keeps order: when the doubles differ, so do the decimals, the same way round.
  const y = Number(text);
  if (x !== y || !Number.isFinite(x) || !WHOLE.test(text)) return x < y ? -1 : x > y ? 1 : 0;
  const printed = String(x);
  if (printed === text) return 0;
  const own = decimal(printed);
  const exact = decimal(text);
  return own && exact ? compareDecimals(own, exact) : 0;
}

const WHOLE = /^\s*[-+]?\d+\s*$/;
