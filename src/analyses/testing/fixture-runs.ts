import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { runQuery } from "../../engine/index.js";
import { openLocalSource } from "../../sources/local/index.js";
import { parseLooseTime } from "../timestamps.js";
import { savedQueryLoader } from "../saved-query-loader.js";
import { createSavedQueryRunner, type SavedQueryRunner } from "../saved-query-runner.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const QUERIES_DIR = join(ROOT, "queries");

/** A recorded run: a directory of log groups plus its manifest (ground truth). */
export interface FixtureRun {
  name: string;
  dir: string;
  manifest: Record<string, unknown>;
}

/** Every run with a manifest under fixtures/runs/ (the service's) and fixtures/course-practical/. */
export function fixtureRuns(): FixtureRun[] {
  const runs: FixtureRun[] = [];
  for (const parent of ["fixtures/runs", "fixtures/course-practical"]) {
    const base = join(ROOT, parent);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const manifestPath = join(base, name, "manifest.json");
      if (!existsSync(manifestPath)) continue;
      runs.push({ name: `${parent}/${name}`, dir: join(base, name), manifest: JSON.parse(readFileSync(manifestPath, "utf8")) });
    }
  }
  return runs;
}

/** The saved-query runner the CLI builds, over the run's files and the embedded engine. */
export function runnerFor(run: FixtureRun, cap?: number): SavedQueryRunner {
  const source = openLocalSource([run.dir]);
  return createSavedQueryRunner({
    loadQuery: savedQueryLoader([QUERIES_DIR]),
    run: (query, window) => runQuery(query, source, { start: window.start, end: window.end }),
    window: {},
    ...(cap !== undefined ? { cap } : {}),
  });
}

/**
 * Every raw JSON line of the run whose `request_id` is `id`, read straight from the files
 * (not through the engine), oldest first, leaving out the practical's nested `message.message`
 * copies.
 */
export function rawLinesOf(run: FixtureRun, id: string): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const file of logFiles(run.dir)) {
    const buffer = readFileSync(file);
    const text = file.endsWith(".gz") ? gunzipSync(buffer).toString("utf8") : buffer.toString("utf8");
    for (const line of text.split("\n")) {
      if (!line.includes(id)) continue;
      const obj = JSON.parse(line.slice(line.indexOf("{"))) as Record<string, unknown>;
      const fields = (typeof obj.message === "string" && obj.message.startsWith("{") ? tryParse(obj.message) : undefined) ?? obj;
      if (fields.request_id === id && typeof fields.message !== "object") lines.push(fields);
    }
  }
  return lines.sort((a, b) => (parseLooseTime(a.timestamp) ?? 0) - (parseLooseTime(b.timestamp) ?? 0));
}

function tryParse(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function logFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(jsonl|json|log|ndjson)(\.gz)?$/.test(entry.name) && entry.name !== "manifest.json")
    .map((entry) => join(entry.parentPath, entry.name));
}
