/** Logs Insights price per GB of uncompressed data scanned (Standard class, us-east-1). */
export const PRICE_PER_GB_SCANNED = 0.005;

const GB = 1024 ** 3;

export function scanCost(bytesScanned: number): number {
  return (bytesScanned / GB) * PRICE_PER_GB_SCANNED;
}

export function formatCost(dollars: number): string {
  return dollars < 0.01 ? `$${dollars.toFixed(4)}` : `$${dollars.toFixed(2)}`;
}
