import { render } from "ink-testing-library";
import stringWidth from "string-width";
import { describe, expect, it, vi } from "vitest";
import { RacesView } from "./races/view.js";
import { SlowQueriesView } from "./slow-queries/view.js";
import { sampleRaces, sampleSlowQueries, sampleTrace } from "./testing/samples.js";
import { TraceView } from "./trace/view.js";

const DOWN = "\u001B[B";

describe("TraceView", () => {
  it("shows the summary and the first event's details", () => {
    const { lastFrame } = render(<TraceView model={sampleTrace()} width={100} height={40} />);
    expect(lastFrame()).toContain("GET /api/v1/todos?completed=false -> 200 in 180.0 ms");
    expect(lastFrame()).toContain("warning: N+1");
    expect(lastFrame()).toContain("client_ip: 127.0.0.1");
    expect(lastFrame()).toContain("(1/9)");
  });

  it("moves to the next event with the down arrow and j", async () => {
    const { lastFrame, stdin } = render(<TraceView model={sampleTrace()} width={100} />);
    stdin.write(DOWN);
    await vi.waitFor(() => expect(lastFrame()).toContain("(2/9)"));
    expect(lastFrame()).toContain("db db_query (info), gap 125.0 ms, SQL 120.0 ms");
    stdin.write("j");
    await vi.waitFor(() => expect(lastFrame()).toContain("(3/9)"));
  });
});

describe("SlowQueriesView", () => {
  it("shows the selected statement whole, with the request to trace next", async () => {
    const { lastFrame, stdin } = render(<SlowQueriesView model={sampleSlowQueries(60_000)} width={100} />);
    expect(lastFrame()).toContain("next: tolog trace l3");
    expect(lastFrame()).toContain("p95 over time");
    stdin.write("j");
    await vi.waitFor(() => expect(lastFrame()).toContain("next: tolog trace g0"));
    expect(lastFrame()).toContain("N+1: 1 statement(s) repeated within single requests");
  });

  it("says under the next command what its placeholder stands for", () => {
    const command = Object.assign((words: readonly string[]) => ["tolog", ...words, "--logs", "FILE"].join(" "), { placeholder: "FILE: a file holding the logs read from stdin" });
    const { lastFrame } = render(<SlowQueriesView model={sampleSlowQueries(60_000)} width={100} command={command} />);
    expect(lastFrame()).toMatch(/next: tolog trace l3 --logs FILE\nFILE: a file holding the logs read from stdin\n/);
  });

  it("names the routes there are when --route matches none, as the table does", () => {
    const model = { ...sampleSlowQueries(), statements: [], route: "/api/v1/todos/7", routesSeen: ["/api/v1/todos"] };
    const { lastFrame } = render(<SlowQueriesView model={model} width={200} />);
    expect(lastFrame()).toContain("No request on the route /api/v1/todos/7 in these logs; the routes there: /api/v1/todos");
  });
});

describe("RacesView", () => {
  it("answers the question and lists the todos behind each outcome", async () => {
    const { lastFrame, stdin } = render(<RacesView model={sampleRaces()} />);
    expect(lastFrame()).toContain("4 created, 1 deleted, 3 orphaned");
    expect(lastFrame()).toContain("Why: 2 of 3");
    expect(lastFrame()).toContain("todo 2: no DELETE; created");
    stdin.write(DOWN);
    await vi.waitFor(() => expect(lastFrame()).toContain("todo 3: no DELETE; created"));
    stdin.write(DOWN);
    await vi.waitFor(() => expect(lastFrame()).toContain("DELETE 1 deleted 200"));
  });
});

describe("every view fits the screen, headline first (80x24 and 200x50)", () => {
  const bigTrace = () => {
    const model = sampleTrace();
    const step = model.steps[1];
    const fields = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field_${i}`, "x".repeat(150)]));
    const steps = Array.from({ length: 60 }, (_, i) => ({ ...step, offsetMs: i, sql: `${step.sql} -- ${"long ".repeat(40)}`, fields: { ...step.fields, ...fields } }));
    return { ...model, steps, summary: { ...model.summary, warnings: ["w1 " + "w".repeat(200), "w2", "w3", "w4"] } };
  };
  const bigSlowQueries = () => {
    const model = sampleSlowQueries(60_000);
    const statements = Array.from({ length: 30 }, (_, i) => ({ ...model.statements[i % 2], sql: `SELECT ${i}, ${"column_name, ".repeat(60)} FROM todos`, slowestRequestId: "3f9c2a1e-7b4d-4e8f-9a6b-2c1d0e9f8a7b" }));
    return { ...model, statements };
  };
  const bigRaces = () => {
    const model = sampleRaces();
    const todos = Array.from({ length: 200 }, (_, i) => ({ ...model.todos[1], createRequestId: `c-${i}-${"r".repeat(30)}` }));
    return { ...model, todos };
  };
  const longCommand = (words: readonly string[]) => ["npx tolog", ...words, "--logs", "fixtures/runs/a-directory-with-a-long-name", "--start", "2026-11-21T20:21:58.773Z", "--end", "2026-11-21T21:21:58.773Z"].join(" ");

  const views = [
    ["TraceView", (width: number, height: number) => <TraceView model={bigTrace()} width={width} height={height} />, "GET /api/v1/todos?completed=false -> 200"],
    ["SlowQueriesView", (width: number, height: number) => <SlowQueriesView model={bigSlowQueries()} width={width} height={height} command={longCommand} />, "28 executions"],
    ["RacesView", (width: number, height: number) => <RacesView model={bigRaces()} width={width} height={height} />, "4 created, 1 deleted, 3 orphaned"],
  ] as const;

  for (const [name, view, headline] of views) {
    for (const [width, height] of [[80, 24], [200, 50]] as const) {
      it(`${name} at ${width}x${height}`, async () => {
        const { lastFrame, stdin } = render(view(width, height));
        const check = () => {
          const lines = (lastFrame() ?? "").split("\n");
          expect(lines.length).toBeLessThan(height);
          expect(lines[0]).toContain(headline);
          for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
        };
        check();
        // Moving the cursor to the end must keep the frame within the screen too.
        for (let i = 0; i < 40; i++) stdin.write("j");
        await vi.waitFor(() => expect(lastFrame()).toMatch(/q: quit/));
        check();
      });
    }
  }

  it("SlowQueriesView prints the next command whole, on lines continued with a backslash, for pasting", () => {
    const { lastFrame } = render(<SlowQueriesView model={bigSlowQueries()} width={80} height={24} command={longCommand} />);
    const lines = (lastFrame() ?? "").split("\n");
    const first = lines.findIndex((line) => line.startsWith("next: "));
    const shown: string[] = [];
    for (let i = first; i < lines.length; i++) {
      shown.push(lines[i].trimEnd());
      if (!lines[i].trimEnd().endsWith(" \\")) break;
    }
    expect(shown.length).toBeGreaterThan(1);
    const pasted = shown.map((line) => line.replace(/ \\$/, "").trim()).join(" ");
    expect(pasted).toBe(`next: ${longCommand(["trace", "3f9c2a1e-7b4d-4e8f-9a6b-2c1d0e9f8a7b"])}`);
  });
});
