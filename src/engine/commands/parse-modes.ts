import type { Evaluator } from "../compile/types.js";
import type { Value } from "../values.js";
import { toText } from "../functions/coerce.js";
import { splitCsvLine } from "../csv.js";
import { streaming, type StageFactory } from "./stage.js";

/**
 * `parse f logfmt as m`: `key=value` pairs separated by spaces (a value in double quotes may
 * hold spaces and `\"`; a key with no `=` is true) as a map in `m`, read as `m.key`. Values stay
 * text, as `parse` gives text. Not logfmt (no pair): `m` is missing.
 */
export function logfmtStage(source: Evaluator, into: string): StageFactory {
  return streaming((next) => ({
    push: (row) => {
      const text = toText(source(row));
      const pairs = text === null ? null : parseLogfmt(text);
      row.set(into, pairs);
      next.push(row);
    },
    end: () => next.end(),
  }));
}

export function parseLogfmt(text: string): Record<string, Value> | null {
  const out: Record<string, Value> = {};
  let found = false;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && text[i] === " ") i++;
    let key = "";
    while (i < text.length && text[i] !== "=" && text[i] !== " ") key += text[i++];
    if (key === "") {
      i++;
      continue;
    }
    if (text[i] !== "=") {
      out[key] = true;
      found = true;
      continue;
    }
    i++;
    let value = "";
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i++;
        value += text[i++];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== " ") value += text[i++];
    }
    out[key] = value;
    found = true;
  }
  return found ? out : null;
}

/**
 * `parse f csv as a, b, c`: the comma-separated values of `f` (RFC 4180 quotes) in order; a
 * name past the last value is missing, values past the last name are left out.
 */
export function csvStage(source: Evaluator, names: string[]): StageFactory {
  return streaming((next) => ({
    push: (row) => {
      const text = toText(source(row));
      const values = text === null ? [] : splitCsvLine(text);
      names.forEach((name, i) => row.set(name, values[i] ?? null));
      next.push(row);
    },
    end: () => next.end(),
  }));
}
