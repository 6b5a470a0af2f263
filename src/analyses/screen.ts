/**
 * The interactive views fit the terminal: when a frame is as tall as the screen or taller, ink
 * clears and reprints it whole and its first lines (the headline) scroll away. Each view plans
 * its lines within `height - 1` and cuts every line to `width`.
 */
export const DEFAULT_SCREEN = { width: 80, height: 24 } as const;

/** The lines a view may use on a screen of `height` lines. */
export function usableLines(height: number | undefined): number {
  return Math.max(12, (height ?? DEFAULT_SCREEN.height) - 1);
}

/** A window of `size` items around `cursor`, as the first index shown. */
export function scrollWindow(cursor: number, count: number, size: number): number {
  return Math.max(0, Math.min(cursor - Math.floor(size / 2), count - size));
}
