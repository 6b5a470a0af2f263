/**
 * Which characters make a field name (letters, digits, `_`, `@`): Unicode letters and digits,
 * as the lexer and the formatter's plain names have always taken them. ASCII is answered by
 * character codes; the Unicode property classes (`\p{L}`, `\p{N}`) are built on the first
 * character beyond ASCII: creating them has V8 look the properties up in ICU, about 3% of the
 * instructions of a one-line query's whole process, for query texts that are nearly always ASCII.
 * `name-chars.test.ts` compares each test with the regular expression it stands for.
 */

let unicodeNameChar: RegExp | undefined;
let unicodeNameStart: RegExp | undefined;
let unicodePlainField: RegExp | undefined;

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/** `/[\p{L}\p{N}_@]/u.test(c)`, for `c` a single code unit or "". */
export function isNameChar(c: string): boolean {
  if (c === "") return false;
  const code = c.charCodeAt(0);
  if (code < 128) return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 95 || code === 64;
  return (unicodeNameChar ??= new RegExp("[\\p{L}\\p{N}_@]", "u")).test(c);
}

/** `/[\p{L}_@]/u.test(c)`, for `c` a single code unit or "". */
export function isNameStart(c: string): boolean {
  if (c === "") return false;
  const code = c.charCodeAt(0);
  if (code < 128) return isAsciiLetter(code) || code === 95 || code === 64;
  return (unicodeNameStart ??= new RegExp("[\\p{L}_@]", "u")).test(c);
}

/** In ASCII, `\p{L}` is A-Z and a-z and `\p{N}` is 0-9. */
const ASCII_PLAIN_FIELD = /^@?[A-Za-z_@][A-Za-z0-9_@]*(\.[A-Za-z0-9_@]+)*$/;
const ASCII = /^[\x00-\x7f]*$/;

/** `/^@?[\p{L}_@][\p{L}\p{N}_@]*(\.[\p{L}\p{N}_@]+)*$/u.test(name)`: a name that needs no backticks (keywords aside). */
export function isPlainFieldName(name: string): boolean {
  if (ASCII.test(name)) return ASCII_PLAIN_FIELD.test(name);
  return (unicodePlainField ??= new RegExp("^@?[\\p{L}_@][\\p{L}\\p{N}_@]*(\\.[\\p{L}\\p{N}_@]+)*$", "u")).test(name);
}
