/**
 * Text from logs made safe to show on a terminal, on one line. A log line can hold anything
 * (a binary file read as text, an attacker's ANSI sequence in a URL), and a raw ESC or BEL in a
 * table would move the cursor, recolour or retitle the terminal: every C0 and C1 control
 * character and every bidirectional override is shown as a visible stand-in instead.
 */

/** C0 controls, DEL, C1 controls, and the bidi embeddings, overrides and isolates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNSAFE, standIn);
}

function standIn(char: string): string {
  const code = char.charCodeAt(0);
  if (char === "\n") return "↵";
  if (char === "\r") return "␍";
  if (char === "\t") return " ";
  // U+2400..U+241F are the Control Pictures of the C0 set: one column each, and recognisable.
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "␡";
  return `\\u${code.toString(16).padStart(4, "0")}`;
}
