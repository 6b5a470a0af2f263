/**
 * tolog's offline `pattern`: the variable parts of a message become `<*>` and messages with the
 * same template form one pattern (CloudWatch's ML clustering cannot be reproduced offline;
 * reference decisions, "pattern offline"). Order matters: quoted strings first, then the
 * shapes that contain digits and dots (UUIDs, IPs, hex), then plain numbers.
 */
import { isLevelWord } from "./pattern-severity.js";

export const PATTERN_TOKEN = "<*>";

// Every quoted string, left to right, so that quotes pair up (`{"a":"b"}` is a key and a value,
// not the string `":"`). Kept: JSON keys (followed by a colon) and quoted level names
// (`"level":"error"`), which @severityLabel reads from the pattern (pattern-severity.ts).
const QUOTED = /"(?:[^"\\]|\\.)*"(\s*:)?|'(?:[^'\\]|\\.)*'(\s*:)?/g;

function maskQuoted(quoted: string, doubleKey?: string, singleKey?: string): string {
  if (doubleKey !== undefined || singleKey !== undefined) return quoted;
  return isLevelWord(quoted.slice(1, -1)) ? quoted : PATTERN_TOKEN;
}

const MASKS: RegExp[] = [
  /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g,
  /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g,
  /\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\b/g,
  /\b0x[0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g,
  /(?<![A-Za-z0-9_])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g,
];

export function maskMessage(text: string): string {
  let out = text.replace(QUOTED, maskQuoted);
  for (const mask of MASKS) out = out.replace(mask, PATTERN_TOKEN);
  return out;
}
