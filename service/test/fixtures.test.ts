import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// The recorded runs are inputs to tolog's tests and demo: each must follow log schema v1 and
// agree with its manifest's ground truth (which comes from the client and the database).

const RUNS = path.join(import.meta.dirname, "..", "..", "fixtures", "runs");
const runs = readdirSync(RUNS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

interface Manifest {
  scenario: { course_bugs: string };
  files: { log: string; log_lines: number };
  ground_truth: {
    client: { requests_by_method_route_status: Record<string, number>; example_request_id_by_route: Record<string, string>; timed_out_request_ids: string[] };
    database: { todos_created: number; todos_deleted: number; todos_left: number };
  };
}

function load(name: string) {
  const manifest = JSON.parse(readFileSync(path.join(RUNS, name, "manifest.json"), "utf8")) as Manifest;
  const text = gunzipSync(readFileSync(path.join(RUNS, name, manifest.files.log))).toString("utf8");
  const records = text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { manifest, records };
}

describe("recorded runs", () => {
  it("include the corrected, course-bugs and chaos runs", () => {
    expect(runs).toEqual(expect.arrayContaining(["corrected", "course-bugs", "chaos"]));
  });

  for (const name of runs) {
    it(`${name}: follows the schema and matches its ground truth`, () => {
      const { manifest, records } = load(name);
      expect(records.length).toBe(manifest.files.log_lines);
      const common = ["timestamp", "level", "service", "instance", "version", "location", "event", "message"];
      const incomplete = records.filter((r) => common.some((k) => !(k in r)));
      expect(incomplete.slice(0, 3)).toEqual([]);
      const count = (e: string) => records.filter((r) => r.event === e).length;
      const db = manifest.ground_truth.database;
      expect(count("todo_created")).toBe(db.todos_created);
      expect(records.filter((r) => r.event === "todo_deleted" && r.found === true).length).toBe(db.todos_deleted);
      const ids = new Set(records.map((r) => r.request_id));
      for (const id of Object.values(manifest.ground_truth.client.example_request_id_by_route)) expect(ids.has(id)).toBe(true);
      const byKey = manifest.ground_truth.client.requests_by_method_route_status;
      if (manifest.scenario.course_bugs === "2025") {
        // the single-quoted DELETE never reaches the server
        expect(byKey["DELETE /api/v1/todos/:id 0"]).toBeGreaterThan(0);
        expect(records.filter((r) => r.event === "request_started" && r.method === "DELETE")).toHaveLength(0);
      }
      if (manifest.scenario.course_bugs === "2023") {
        expect(records.filter((r) => r.event === "request_started" && r.url === "/api/v1/todos/undefined").length).toBe(byKey["DELETE /api/v1/todos/:id 404"]);
      }
    });
  }

  it("chaos: the client's timeouts show up as request_aborted, some after work the server still did", () => {
    const { manifest, records } = load("chaos");
    const aborted = new Set(records.filter((r) => r.event === "request_aborted").map((r) => r.request_id));
    expect(aborted.size).toBeGreaterThan(0);
    expect(records.some((r) => r.event === "chaos_latency")).toBe(true);
    const timedOut = manifest.ground_truth.client.timed_out_request_ids;
    expect(timedOut.filter((id) => aborted.has(id)).length).toBeGreaterThan(timedOut.length / 2);
    expect(records.some((r) => r.event === "todo_created" && aborted.has(r.request_id))).toBe(true);
  });
});
