import type { Unit } from "./panel.js";

/**
 * The unit of a column from its name, as the query wrote it: `duration_ms`, `pct(latency_ms, 95)`
 * and `p95_ms` are milliseconds, `..._bytes` bytes, `count(*)` a count. A name that says nothing
 * gets no unit (the axis shows plain numbers).
 */
export function unitOfColumn(name: string): Unit {
  const lower = name.toLowerCase();
  if (/^count(_distinct)?\(|^count$|(^|_)(n|count|requests|events|errors)$/.test(lower)) return "count";
  if (/(_ms|millis(econds)?|duration|latency|elapsed)\b/.test(lower) || /_ms\W|_ms$/.test(lower)) return "ms";
  if (/bytes?\b|_bytes?\W/.test(lower)) return "bytes";
  if (/(_s|_sec|_seconds)\b/.test(lower)) return "s";
  if (/(percent|_pct|share)\b/.test(lower)) return "percent";
  return "none";
}

/** A value on an axis or in a legend, short: `250 ms`, `1.5 s`, `12 kB`, `1.2k`. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case "ms":
      return Math.abs(value) >= 1000 ? `${trim(value / 1000)} s` : `${trim(value)} ms`;
    case "s":
      return `${trim(value)} s`;
    case "bytes":
      return scaled(value, ["B", "kB", "MB", "GB", "TB"], 1000, " ");
    case "percent":
      return `${trim(value)}%`;
    case "count":
    case "none":
      return scaled(value, ["", "k", "M", "G"], 1000, "");
  }
}

function scaled(value: number, suffixes: string[], base: number, gap: string): string {
  let v = value;
  let i = 0;
  while (Math.abs(v) >= base && i < suffixes.length - 1) {
    v /= base;
    i++;
  }
  const suffix = suffixes[i];
  return suffix === "" ? trim(v) : `${trim(v)}${gap}${suffix}`;
}

/** At most three significant digits, no trailing zeros: 1250 -> 1250, 12.345 -> 12.3, 0.0123 -> 0.0123. */
function trim(value: number): string {
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

/** Round numbers for an axis from `min` to `max`: 0, 500, 1000, 1500 ...; about `count` steps. */
export function niceTicks(min: number, max: number, count: number): number[] {
  const low = Math.min(0, min);
  const high = max <= low ? low + 1 : max;
  const rough = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= rough) ?? 10 * power;
  const first = Math.floor(low / step) * step;
  const ticks: number[] = [];
  for (let t = first; t < high + step; t += step) {
    ticks.push(Number(t.toPrecision(12)));
    if (t >= high) break;
  }
  return ticks;
}
