/**
 * The 32-bit FNV-1a hash of a value's text, over its UTF-16 code units: an index stores these,
 * not the values, so that it stays a few bytes per value. Two values with one hash only make a
 * query read a block more; the engine's filter still decides.
 */
export function valueHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
