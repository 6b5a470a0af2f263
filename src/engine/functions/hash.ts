import { strict, type FunctionFamily } from "./registry.js";
import { toText } from "./coerce.js";

/** Hash functions (reference §4.2): lowercase hex digests of the UTF-8 text. */
function digest(name: string, algorithm: string): ReturnType<typeof strict> {
  // node:crypto is loaded by the first call: every query loads this module, few hash.
  return strict(name, 1, 1, ([a]) => process.getBuiltinModule("node:crypto").createHash(algorithm).update(toText(a) as string, "utf8").digest("hex"));
}

export const hashFunctions: FunctionFamily = [digest("md5", "md5"), digest("sha256", "sha256")];
