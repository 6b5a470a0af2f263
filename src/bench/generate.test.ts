import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generate, GROUP } from "./generate.js";
import { parseSize } from "./size.js";
import { generateVpc, VPC_GROUP } from "./generate-vpc.js";
import { discoverFields } from "../engine/discover.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function generated(size: number, seed?: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tolog-bench-test-"));
  dirs.push(dir);
  const manifest = generate(dir, size, seed);
  const files = readdirSync(path.join(dir, GROUP)).sort();
  const text = files.map((f) => readFileSync(path.join(dir, GROUP, f), "utf8")).join("");
  return { manifest, files, text };
}

describe("bench data", () => {
  it("is the same for the same seed and differs for another", () => {
    const a = generated(200_000);
    const b = generated(200_000);
    expect(b.text).toBe(a.text);
    expect(generated(200_000, 7).text).not.toBe(a.text);
  });

  it("is TaskOverflow schema lines in several stream files, about the size asked for", () => {
    const { manifest, files, text } = generated(300_000);
    expect(files.length).toBeGreaterThan(1);
    expect(manifest.bytes).toBeGreaterThanOrEqual(300_000);
    expect(manifest.bytes).toBeLessThan(310_000);
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(manifest.events);
    for (const line of lines) {
      expect(Object.keys(line).slice(0, 8)).toEqual(["timestamp", "level", "service", "instance", "version", "location", "event", "message"]);
      expect(line.request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const events = new Set(lines.map((l) => l.event));
    for (const e of ["request_started", "request_finished", "db_query", "todo_created", "todos_listed"]) expect(events).toContain(e);
    expect(new Set(lines.filter((l) => l.event === "db_query").map((l) => l.sql)).size).toBeGreaterThanOrEqual(5);
    const needle = lines.filter((l) => l.request_id === manifest.needleRequestId).map((l) => l.event);
    expect(needle[0]).toBe("request_started");
    expect(needle.at(-1)).toBe("request_finished");
  });

  it("VPC flow logs: the same for the same seed, every line the default format", () => {
    const make = () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "tolog-bench-test-"));
      dirs.push(dir);
      const manifest = generateVpc(dir, 200_000);
      const text = readdirSync(path.join(dir, VPC_GROUP)).sort().map((f) => readFileSync(path.join(dir, VPC_GROUP, f), "utf8")).join("");
      return { manifest, text };
    };
    const a = make();
    expect(make().text).toBe(a.text);
    const lines = a.text.trimEnd().split("\n");
    expect(lines).toHaveLength(a.manifest.events);
    expect(a.manifest.bytes).toBeGreaterThanOrEqual(200_000);
    for (const line of lines) expect(Object.keys(discoverFields(line))).toHaveLength(14);
    const pairs = new Set(lines.map((l) => l.split(" ").slice(3, 5).join(" ")));
    expect(pairs.size).toBeGreaterThan(100);
  });

  it("reads sizes with decimal units", () => {
    expect(parseSize("50MB")).toBe(50e6);
    expect(parseSize("1.5gb")).toBe(1.5e9);
    expect(parseSize("1234")).toBe(1234);
    expect(() => parseSize("lots")).toThrow(/expected a size/);
  });
});
