import { zoneOffsetMinutes } from "./timezone.js";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** `formatDate(ts, format[, tz])`: strftime conversions over the wall clock in `zone`. */
export function strftime(ms: number, format: string, zone = "UTC"): string | null {
  const offset = zoneOffsetMinutes(zone, ms);
  if (offset === null) return null;
  const d = new Date(ms + offset * 60000);
  const hour12 = d.getUTCHours() % 12 || 12;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
  const conversions: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => pad(d.getUTCFullYear() % 100),
    m: () => pad(d.getUTCMonth() + 1),
    d: () => pad(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, " "),
    H: () => pad(d.getUTCHours()),
    I: () => pad(hour12),
    M: () => pad(d.getUTCMinutes()),
    S: () => pad(d.getUTCSeconds()),
    L: () => pad(d.getUTCMilliseconds(), 3),
    f: () => pad(d.getUTCMilliseconds() * 1000, 6),
    j: () => pad(Math.floor((d.getTime() - startOfYear) / 86_400_000) + 1, 3),
    a: () => DAYS[d.getUTCDay()].slice(0, 3),
    A: () => DAYS[d.getUTCDay()],
    b: () => MONTHS[d.getUTCMonth()].slice(0, 3),
    h: () => MONTHS[d.getUTCMonth()].slice(0, 3),
    B: () => MONTHS[d.getUTCMonth()],
    p: () => (d.getUTCHours() < 12 ? "AM" : "PM"),
    z: () => `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`,
    Z: () => (offset === 0 ? "UTC" : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`),
    s: () => String(Math.floor(ms / 1000)),
    u: () => String(d.getUTCDay() || 7),
    w: () => String(d.getUTCDay()),
    F: () => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    T: () => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    n: () => "\n",
    t: () => "\t",
    "%": () => "%",
  };
  return format.replace(/%(.)/gs, (all, c: string) => conversions[c]?.() ?? all);
}
