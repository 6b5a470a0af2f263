/** `50MB`, `1GB`, `1.5GB`, `200KB` or plain bytes -> bytes (decimal units, as MB/s is). */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i.exec(text.trim());
  if (!m) throw new Error(`--size ${text}: expected a size such as 50MB or 1GB`);
  const unit = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }[(m[2] ?? "B").toUpperCase() as "B" | "KB" | "MB" | "GB"];
  return Math.round(Number(m[1]) * unit);
}
