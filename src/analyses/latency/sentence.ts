import { formatShare } from "../format.js";
import { shares } from "../time-split.js";
import type { RouteLatency } from "./model.js";

/**
 * Where one route's time goes, as one line to read aloud:
 * "GET /api/v1/todos spends 88% of its time waiting for a DB connection, 11% running SQL and
 * 1% elsewhere (97% of all request time is on this route)."
 * The largest part leads; a part the log does not hold is named as such, never given as 0%.
 */
export function routeSentence(route: RouteLatency, overall: RouteLatency): string {
  const { time } = route;
  const share = shares(time);
  const parts: { share: number; what: string }[] = [
    { share: share.sql, what: `running SQL${time.sqlInferred ? " (inferred, an upper bound)" : ""}` },
    { share: share.other + share.beforeFirstLine, what: `elsewhere (application, serialisation${injected(route)})` },
  ];
  if (share.poolWait !== undefined) parts.push({ share: share.poolWait, what: "waiting for a DB connection" });
  parts.sort((a, b) => b.share - a.share);
  const tilde = (part: { what: string }) => (time.sqlInferred && part.what.startsWith("running SQL") ? "~" : "");
  const [first, ...rest] = parts;
  const restTexts = rest.map((part) => `${tilde(part)}${formatShare(part.share)} ${part.what}`);
  const restText =
    restTexts.length === 0 ? "" : restTexts.length === 1 ? ` and ${restTexts[0]}` : `, ${restTexts.slice(0, -1).join(", ")} and ${restTexts[restTexts.length - 1]}`;
  const whole = overall.time.totalMs > 0 && route.time.totalMs < overall.time.totalMs
    ? ` (${formatShare(route.time.totalMs / overall.time.totalMs)} of all request time is on this route)`
    : "";
  const unlogged = time.poolWaitMs === undefined ? "; waiting for a DB connection is not logged (it is inside elsewhere)" : "";
  return `${route.key} spends ${tilde(first)}${formatShare(first.share)} of its time ${first.what}${restText}${whole}${unlogged}.`;
}

/** `; 60% of it delays injected by chaos mode`, when chaos delayed the route's requests. */
function injected(route: RouteLatency): string {
  const other = route.time.otherMs + route.time.beforeFirstLineMs;
  if (route.injectedDelayMs <= 0 || other <= 0) return "";
  return `; ${formatShare(route.injectedDelayMs / other)} of it delays injected by chaos mode`;
}
