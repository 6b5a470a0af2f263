/** Logs Insights price per GB of uncompressed data scanned (Standard class, us-east-1). */
export const PRICE_PER_GB_SCANNED = 0.005;

const GB = 1024 ** 3;

export function scanCost(bytesScanned: number): number {
  return (bytesScanned / GB) * PRICE_PER_GB_SCANNED;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatCost(dollars: number): string {
  return dollars < 0.01 ? `$${dollars.toFixed(4)}` : `$${dollars.toFixed(2)}`;
}
