/** Human-readable figures shared by the table renderers and the ink views. */

/** `0.42 ms`, `12.3 ms`, `1.23 s`, `2m 05s`. */
export function formatMs(ms: number): string {
  // Each unit is chosen by the value as it will be shown, so that 119.6 s is "2m 00s", not "1m 60s".
  if (Number(ms.toFixed(2)) < 10) return `${ms.toFixed(2)} ms`;
  if (Number(ms.toFixed(1)) < 1000) return `${ms.toFixed(1)} ms`;
  if (Number((ms / 1000).toFixed(2)) < 60) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

/** `37%` (or `<1%` for a small non-zero share). */
export function formatShare(share: number | undefined): string {
  if (share === undefined) return "-";
  if (share > 0 && share < 0.01) return "<1%";
  return `${Math.round(share * 100)}%`;
}

/** `2026-11-21 10:00:00.123` (UTC), as Logs Insights shows times. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace("T", " ").replace("Z", "");
}

/** Cuts text to `width` characters with an ellipsis; newlines become spaces. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}
