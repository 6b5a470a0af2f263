import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ReportAssets } from "../../analyses/report/render-html.js";
import { UserError } from "../../shared/errors.js";

/**
 * uPlot as installed with tolog (a dependency, so present wherever tolog is, the bundle and an
 * `npm pack` install included), read when a report is written: no copy of it in the repository.
 */
export function reportAssets(): ReportAssets {
  const require = createRequire(import.meta.url);
  try {
    return {
      uplotJs: readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
      uplotCss: readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8"),
    };
  } catch (error) {
    throw new UserError("The charting library uPlot is not installed next to tolog, so the report cannot inline it.", {
      hint: "Reinstall tolog's dependencies (npm ci in the repository, or npm install tolog).",
      cause: error,
    });
  }
}
