import { existsSync, statSync } from "node:fs";
import type { LookupTables } from "../engine/lookup-tables.js";
import { UsageError, UserError } from "../shared/errors.js";
import { displayPath } from "./query-text.js";

/** The lookup tables of `--lookups DIR` (TOLOG_LOOKUPS) for a local run. */
export async function resolveLookups(dir: string | undefined, source: "local" | "cloudwatch"): Promise<LookupTables | undefined> {
  if (dir === undefined) return undefined;
  if (source === "cloudwatch") {
    throw new UsageError("--lookups is for local logs: on CloudWatch, lookup reads the account's own lookup tables.", {
      hint: "Upload the CSV with aws logs create-lookup-table, or drop --lookups.",
    });
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`--lookups ${dir} is not a directory.`, { hint: "Name a directory that holds <table>.csv files (or unset TOLOG_LOOKUPS)." });
  }
  const { directoryLookupTables } = await import("../sources/local/lookup-dir.js");
  return directoryLookupTables(dir, displayPath);
}
