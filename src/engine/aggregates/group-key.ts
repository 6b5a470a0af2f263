import type { Value } from "../values.js";
import { toText } from "../functions/coerce.js";

/**
 * One string standing for a combination of values, for hashing `stats ... by` groups, distinct
 * counts and `dedup`. Types stay apart (the number 200 and the text "200" are different keys),
 * as they are different values.
 */
export function groupKey(values: Value[]): string {
  let key = "";
  for (const v of values) {
    if (v === null) key += "\u0001n";
    else if (typeof v === "string") key += "\u0001s" + v;
    else if (typeof v === "number") key += "\u0001d" + v;
    else if (typeof v === "boolean") key += "\u0001b" + v;
    else if (v instanceof Date) key += "\u0001t" + v.getTime();
    else key += "\u0001j" + toText(v);
  }
  return key;
}
