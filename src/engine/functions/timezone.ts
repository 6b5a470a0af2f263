/**
 * Offsets of the time zones `parseDate` and `formatDate` accept: `UTC`/`Z`, fixed offsets
 * (`+05:30`, `-0800`, `UTC+2`) and IANA names (`Europe/Paris`) through Intl.
 */
const FIXED = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** Minutes east of UTC in `zone` at the instant `ms`, or null for an unknown zone. */
export function zoneOffsetMinutes(zone: string, ms: number): number | null {
  const z = zone.trim();
  if (z === "" || /^(?:utc|gmt|z)$/i.test(z)) return 0;
  const fixed = FIXED.exec(z);
  if (fixed) return (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
  const dtf = formatter(z);
  if (!dtf) return null;
  const parts: Record<string, number> = {};
  for (const p of dtf.formatToParts(new Date(ms))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((local - (ms - (((ms % 1000) + 1000) % 1000))) / 60000);
}

function formatter(zone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(zone)) {
    try {
      formatters.set(
        zone,
        new Intl.DateTimeFormat("en-US", {
          timeZone: zone,
          hourCycle: "h23",
          year: "numeric",
          month: "numeric",
          day: "numeric",
          hour: "numeric",
          minute: "numeric",
          second: "numeric",
        }),
      );
    } catch {
      formatters.set(zone, null);
    }
  }
  return formatters.get(zone) ?? null;
}

/** Epoch ms of a wall-clock time (given as if it were UTC) in `zone`. */
export function wallClockToEpoch(wallAsUtc: number, zone: string): number | null {
  const first = zoneOffsetMinutes(zone, wallAsUtc);
  if (first === null) return null;
  const guess = wallAsUtc - first * 60000;
  const second = zoneOffsetMinutes(zone, guess) ?? first;
  return wallAsUtc - second * 60000;
}
