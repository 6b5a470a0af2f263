import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path, { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";

/**
 * The report in a real browser: Debian's chromium, headless, driven by playwright-core, with a
 * fresh profile and no network services. .ci/run installs chromium; where it cannot be
 * installed these tests are skipped, saying so.
 */
const CHROMIUM = process.env.TOLOG_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`${CHROMIUM} is not installed (apt-get install chromium): the report's browser tests are skipped`);
const ARTIFACTS = fileURLToPath(new URL("../../../test-artifacts/", import.meta.url));
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const dir = mkdtempSync(join(tmpdir(), "tolog-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let taskOverflow: string;
let plain: string;
beforeAll(async () => {
  const made = await runTolog(["report", "--logs", "fixtures/runs/course-bugs/service.log.jsonl.gz", "--out", join(dir, "course-bugs.html")]);
  expect(made.code).toBe(0);
  taskOverflow = path.resolve(made.stdout.trim());
  const logs = join(dir, "nginx");
  mkdirSync(logs);
  const lines = Array.from({ length: 400 }, (_, i) => `2026-11-21T10:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.000Z ${i % 9 === 0 ? "ERROR upstream timed out" : "INFO GET /index.html 200"}`);
  writeFileSync(join(logs, "access.log"), lines.join("\n") + "\n");
  const other = await runTolog(["report", "--logs", logs, "--out", join(dir, "plain.html"), "--title", "Not TaskOverflow"]);
  expect(other.code).toBe(0);
  plain = path.resolve(other.stdout.trim());
}, 120_000);

describe("tolog report: the file", () => {
  it("is one self-contained page: uPlot and the data inline, nothing fetched", () => {
    const html = readFileSync(taskOverflow, "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|url\(\s*['"]?https?:/i);
    expect(html).toContain("uPlot");
    for (const heading of ["At a glance", "Over time", "Where the time goes, per route", "Slow SQL", "Orphaned todos (races)", "The slowest request", "The logs at a glance"]) {
      expect(html).toContain(`<h2>${heading}</h2>`);
    }
    expect(html).toMatch(/340 todo\(s\) created, 0 deleted, 340 orphaned/);
    expect(html).toMatch(/waiting for a DB connection/);
    expect(html).not.toContain("Sections without data");
  });

  it("of logs that are not TaskOverflow's: what it found, and which sections had no data", () => {
    const html = readFileSync(plain, "utf8");
    expect(html).toContain("<title>Not TaskOverflow</title>");
    expect(html).toContain("<h2>The logs at a glance</h2>");
    expect(html).toContain("400 events");
    expect(html).toContain("<h2>Sections without data</h2>");
    expect(html).toMatch(/Slow SQL: no SQL statements/);
    expect(html).toMatch(/Orphaned todos: no todo was created/);
    expect(html).not.toContain("<h2>Slow SQL</h2>");
  });

  it("an hour given as --start and --end is drawn in one-minute bins", async () => {
    const out = join(dir, "hour.html");
    const hour = ["--start", "2026-11-21T20:00:00Z", "--end", "2026-11-21T21:00:00Z"];
    const made = await runTolog(["report", "--logs", "fixtures/runs/course-bugs/service.log.jsonl.gz", ...hour, "--out", out]);
    expect(made.code, made.stderr).toBe(0);
    const bins = readFileSync(out, "utf8").match(/"binMs":\d+/g) ?? [];
    expect(bins.length).toBeGreaterThan(0);
    expect(new Set(bins)).toEqual(new Set(['"binMs":60000']));
  });

  it("refuses an --out that is not an HTML file", async () => {
    const { code, stderr } = await runTolog(["report", "--logs", "fixtures/runs/corrected", "--out", join(dir, "report.txt")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/not an \.html file/);
  });
});

describe.skipIf(!haveChromium)("tolog report: in chromium", () => {
  for (const [name, file] of [["course-bugs", () => taskOverflow], ["plain", () => plain]] as const) {
    it(`${name}: loads without errors or requests, and every chart draws`, async () => {
      const { chromium } = await import("playwright-core");
      const profile = mkdtempSync(join(tmpdir(), "tolog-chromium-"));
      const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        const requests: string[] = [];
        page.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
        page.on("pageerror", (error) => problems.push(String(error)));
        page.on("request", (request) => requests.push(request.url()));
        const url = pathToFileURL(file()).href;
        await page.goto(url, { waitUntil: "load" });
        await page.waitForFunction('document.documentElement.hasAttribute("data-charts")');
        expect(problems).toEqual([]);
        expect(requests).toEqual([url]);
        // Pixels drawn on each chart's canvas (run in the page, so written as page script).
        const charts = (await page.evaluate(`[...document.querySelectorAll(".chart .plot")].map((plot) => {
          const canvas = plot.querySelector("canvas");
          if (!canvas) return 0;
          const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          let inked = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
          return inked;
        })`)) as number[];
        expect(charts.length).toBeGreaterThan(0);
        for (const inked of charts) expect(inked).toBeGreaterThan(500);
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, `report-${name}.png`), fullPage: true });
      } finally {
        await browser.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }, 60_000);
  }
});

describe.skipIf(!haveChromium)("tolog report: charts readable on a projector", () => {
  it("time labels that do not overlap, and a route seen in one bin only still drawn", async () => {
    // GET /a in every second of 45 s (uPlot would put a label every 5 s, 52 px apart), GET /b once
    // in the middle: a p95 series with one point.
    const start = Date.UTC(2026, 10, 21, 10, 0, 0);
    const request = (id: string, route: string, at: number, ms: number) =>
      [
        { timestamp: new Date(at).toISOString(), level: "info", event: "request_started", request_id: id, method: "GET", route, url: route },
        { timestamp: new Date(at + ms).toISOString(), level: "info", event: "request_finished", request_id: id, method: "GET", route, url: route, status: 200, duration_ms: ms },
      ].map((line) => JSON.stringify(line) + "\n").join("");
    const log = join(dir, "sparse.log");
    writeFileSync(log, Array.from({ length: 45 }, (_, i) => request(`a${i}`, "/a", start + i * 1000, 10 + (i % 5))).join("") + request("b0", "/b", start + 22_500, 80));
    const out = join(dir, "sparse.html");
    expect((await runTolog(["report", "--logs", log, "--out", out])).code).toBe(0);
    const { chromium } = await import("playwright-core");
    const profile = mkdtempSync(join(tmpdir(), "tolog-chromium-"));
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(out).href, { waitUntil: "load" });
      await page.waitForFunction('document.documentElement.hasAttribute("data-charts")');
      // Each x axis: the labels uPlot drew, their centres in CSS pixels and their widths in its font.
      const overlaps = (await page.evaluate(`window.tologCharts.flatMap((u) => {
        const axis = u.axes[0];
        const ctx = u.ctx;
        ctx.font = axis.font[0];
        const ticks = axis._splits.map((split, i) => ({ label: axis._values[i], at: u.valToPos(split, "x"), width: ctx.measureText(axis._values[i] ?? "").width / devicePixelRatio })).filter((t) => t.label);
        return ticks.slice(1).filter((t, i) => t.at - ticks[i].at < (t.width + ticks[i].width) / 2 + 4).map((t, i) => ticks[i].label + " / " + t.label);
      })`)) as string[];
      expect(overlaps).toEqual([]);
      // The p95 panel: pixels in the second series' colour (#d1495b), where GET /b's one point is.
      const inked = (await page.evaluate(`(() => {
        const canvas = document.querySelector(".chart .plot canvas");
        const px = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - 209) < 30 && Math.abs(px[i + 1] - 73) < 30 && Math.abs(px[i + 2] - 91) < 30 && px[i + 3] > 128) n++;
        return n;
      })()`)) as number;
      expect(inked).toBeGreaterThan(5);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("tolog report: sections without data name the range searched", () => {
  it("local logs: 'in these logs' without a range, the range when one is given", async () => {
    const whole = await runTolog(["report", "--logs", join(dir, "nginx"), "--out", join(dir, "whole.html")]);
    expect(whole.code).toBe(0);
    expect(whole.stderr).toContain("no data: Latency, throughput and where the time goes: no request lines (request_id with request_started / request_finished) in these logs.");
    const ranged = await runTolog(["report", "--logs", join(dir, "nginx"), "--start", "2026-11-21T10:00:00Z", "--end", "2026-11-21T10:05:00Z", "--out", join(dir, "ranged.html")]);
    expect(ranged.code).toBe(0);
    expect(ranged.stderr).toContain("no request lines (request_id with request_started / request_finished) in these logs between 2026-11-21 10:00:00.000 and 2026-11-21 10:05:00.999 UTC, the range searched.");
    expect(readFileSync(join(dir, "ranged.html"), "utf8")).toContain("between 2026-11-21 10:00:00.000 and 2026-11-21 10:05:00.999 UTC, the range searched.");
  });

  it("a log group whose range holds no request line: the range, given or CloudWatch's default hour", async () => {
    const { startHarness } = await import("../../serve/test-support.js");
    const { seed } = await import("../../cloudwatch/testing/seed.js");
    const harness = await startHarness();
    try {
      const start = Math.floor((Date.now() - 20 * 60_000) / 1000) * 1000;
      const events = Array.from({ length: 10 }, (_, i) => ({ timestamp: start + i * 1000, message: JSON.stringify({ level: "info", message: `worker ${i} up` }) }));
      await seed(harness.client, "quiet", "s", events);
      const env = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" };
      const cloud = ["report", "--log-group", "quiet", "--endpoint-url", harness.server.url];
      const given = await runTolog([...cloud, "--start", new Date(start).toISOString(), "--end", new Date(start + 60_000).toISOString(), "--out", join(dir, "quiet.html")], { env });
      expect(given.code, given.stderr).toBe(0);
      const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
      expect(given.stderr).toContain(`no request lines (request_id with request_started / request_finished) in these logs between ${time(start)} and ${time(start + 60_999)} UTC, the range searched.`);
      const now = start + 30 * 60_000;
      const hour = await runTolog([...cloud, "--out", join(dir, "quiet-hour.html")], { env, deps: { now: () => now } });
      expect(hour.code, hour.stderr).toBe(0);
      expect(hour.stderr).toContain(`no request lines (request_id with request_started / request_finished) in these logs between ${time(now - 3_600_000)} and ${time(now)} UTC, the range searched.`);
    } finally {
      await harness.close();
    }
  }, 60_000);
});

describe("tolog report --log-group (tolog serve, the real SDK)", () => {
  it("builds the same sections from Logs Insights queries", async () => {
    const { startHarness } = await import("../../serve/test-support.js");
    const { seed } = await import("../../cloudwatch/testing/seed.js");
    const harness = await startHarness();
    try {
      const base = Date.now() - 10 * 60_000;
      const events = Array.from({ length: 40 }, (_, i) => {
        const id = `req-${i}`;
        const at = base + i * 1000;
        const line = (offset: number, fields: Record<string, unknown>) => ({ timestamp: at + offset, message: JSON.stringify({ timestamp: new Date(at + offset).toISOString(), level: "info", request_id: id, method: "POST", route: "/api/v1/todos", url: "/api/v1/todos", ...fields }) });
        return [
          line(0, { event: "request_started" }),
          line(30, { event: "db_query", sql: "INSERT INTO todos (title) VALUES ($1) RETURNING id", duration_ms: 10, pool_wait_ms: 20, rows: 1 }),
          line(31, { event: "todo_created", todo_id: String(i), title: "CSSE6400 Clout Assignment" }),
          line(32, { event: "request_finished", status: 201, duration_ms: 32 }),
        ];
      }).flat();
      await seed(harness.client, "taskoverflow", "s", events);
      const out = join(dir, "cloudwatch.html");
      const { code, stderr } = await runTolog(["report", "--log-group", "taskoverflow", "--endpoint-url", harness.server.url, "--since", "1h", "--out", out], {
        env: { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" },
        deps: { now: () => Date.now() },
      });
      expect(stderr).not.toMatch(/error/);
      expect(code).toBe(0);
      const html = readFileSync(out, "utf8");
      expect(html).toMatch(/40 todo\(s\) created, 0 deleted, 40 orphaned/);
      expect(html).toContain("<h2>Slow SQL</h2>");
      expect(html).toMatch(/POST \/api\/v1\/todos → 201 in 32\.0 ms/);
      expect(harness.server.requests.some((r) => r.operation === "StartQuery")).toBe(true);
    } finally {
      await harness.close();
    }
  }, 60_000);
});
