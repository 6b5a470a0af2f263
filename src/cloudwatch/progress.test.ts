import { describe, expect, it } from "vitest";
import { createProgressLine } from "./progress.js";
import type { QueryProgressReport } from "./query.js";

const report = (status: string, scanned: number): QueryProgressReport =>
  ({ status, elapsedMs: 1200, statistics: { recordsScanned: scanned, recordsMatched: 1, bytesScanned: 2048 } }) as QueryProgressReport;

describe("the progress line of CloudWatch queries", () => {
  it("is one line on a terminal, rewritten through every query a command runs, and cleared at the end", () => {
    let out = "";
    const line = createProgressLine({ write: (s: string) => (out += s) }, true);
    for (const status of ["Running", "Complete"]) line.update(report(status, 10));
    line.done();
    line.update(report("Running", 20));
    line.done();
    expect(out).not.toContain("\n");
    expect(out.endsWith("\r\x1b[2K")).toBe(true);
    expect(out).toContain("Running    20 scanned");
  });

  it("writes nothing where stderr is no terminal, as local files' progress", () => {
    let out = "";
    const line = createProgressLine({ write: (s: string) => (out += s) }, false);
    for (const status of ["Scheduled", "Running", "Complete"]) line.update(report(status, 10));
    line.done();
    expect(out).toBe("");
  });
});
