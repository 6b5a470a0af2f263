import { MONTHS } from "./strftime.js";
import { wallClockToEpoch, zoneOffsetMinutes } from "./timezone.js";

/**
 * `parseDate(s, pattern[, tz])` with Java DateTimeFormatter letters: y, M (M..MMMM), d, H, h,
 * m, s, S (fraction), a, E (day name, ignored), Z/X/x/z (zone), `'literal'`. A pattern
 * compiles once into a regex plus one setter per group.
 */
interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  pm?: boolean;
  offset?: number;
}

type Setter = (parts: Parts, text: string) => boolean;

export interface DatePattern {
  regex: RegExp;
  setters: Setter[];
}

const MONTH_INDEX = new Map(MONTHS.flatMap((m, i) => [[m.toLowerCase(), i + 1], [m.slice(0, 3).toLowerCase(), i + 1]]));

const num = (field: keyof Parts): Setter => (p, t) => ((p[field] as number) = Number(t), true);

function letterRule(letter: string, width: number): [string, Setter | undefined] | undefined {
  switch (letter) {
    case "y":
    case "u":
      return width === 2
        ? ["(\\d{2})", (p, t) => ((p.year = 2000 + Number(t)), true)]
        : ["(\\d{4})", num("year")];
    case "M":
    case "L":
      if (width >= 3) return ["([A-Za-z]+)", (p, t) => ((p.month = MONTH_INDEX.get(t.toLowerCase()) ?? 0), p.month > 0)];
      return [width === 2 ? "(\\d{2})" : "(\\d{1,2})", num("month")];
    case "d":
      return [width === 2 ? "(\\d{2})" : "(\\d{1,2})", num("day")];
    case "H":
    case "h":
    case "k":
    case "K":
      return [width === 2 ? "(\\d{2})" : "(\\d{1,2})", num("hour")];
    case "m":
      return [width === 2 ? "(\\d{2})" : "(\\d{1,2})", num("minute")];
    case "s":
      return [width === 2 ? "(\\d{2})" : "(\\d{1,2})", num("second")];
    case "S":
      return [`(\\d{${width}})`, (p, t) => ((p.ms = Math.round(Number(`0.${t}`) * 1000)), true)];
    case "a":
      return ["([AaPp][Mm])", (p, t) => ((p.pm = t.toLowerCase() === "pm"), true)];
    case "E":
      return ["[A-Za-z]+", undefined];
    case "Z":
    case "X":
    case "x":
    case "z":
    case "O":
      return [
        "(Z|[+-]\\d{2}(?::?\\d{2})?|[A-Za-z_]+(?:/[A-Za-z_]+)*)",
        (p, t) => {
          const offset = zoneOffsetMinutes(t === "Z" ? "UTC" : t, Date.now());
          if (offset === null) return false;
          p.offset = offset;
          return true;
        },
      ];
    default:
      return undefined;
  }
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Compiles a Java pattern, or returns an error message. */
export function compileDatePattern(pattern: string): DatePattern | string {
  let source = "^";
  const setters: Setter[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) return "unterminated quote in date pattern";
      source += close === i + 1 ? "'" : escapeRegex(pattern.slice(i + 1, close));
      i = close + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      const rule = letterRule(c, j - i);
      if (!rule) return `unsupported pattern letter '${c}'`;
      source += rule[0];
      if (rule[1]) setters.push(rule[1]);
      i = j;
    } else {
      source += escapeRegex(c);
      i++;
    }
  }
  return { regex: new RegExp(source + "$"), setters };
}

/** Epoch ms of `text` read with `pattern`; wall-clock times are in `zone` unless the text has one. */
export function parseWithPattern(text: string, pattern: DatePattern, zone: string): number | null {
  const match = pattern.regex.exec(text.trim());
  if (!match) return null;
  const parts: Parts = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0 };
  for (let i = 0; i < pattern.setters.length; i++) if (!pattern.setters[i](parts, match[i + 1])) return null;
  if (parts.pm !== undefined) parts.hour = (parts.hour % 12) + (parts.pm ? 12 : 0);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.ms);
  if (Number.isNaN(wall)) return null;
  return parts.offset !== undefined ? wall - parts.offset * 60000 : wallClockToEpoch(wall, zone);
}
