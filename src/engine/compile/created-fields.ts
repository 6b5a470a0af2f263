/**
 * Whether a field is made by an earlier command rather than read from the event: its name, or a
 * dotted prefix of it (`parse ... logfmt as lf` and `json` make `lf`, read as `lf.level`).
 * Needles and field indexes hold only for fields read from the event's own text.
 */
export function isCreated(name: string, created: ReadonlySet<string>): boolean {
  if (created.has(name)) return true;
  for (let dot = name.indexOf("."); dot >= 0; dot = name.indexOf(".", dot + 1)) {
    if (created.has(name.slice(0, dot))) return true;
  }
  return false;
}
