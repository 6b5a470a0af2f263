import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { RacesView } from "./races/view.js";
import { SlowQueriesView } from "./slow-queries/view.js";
import { sampleRaces, sampleSlowQueries, sampleTrace } from "./testing/samples.js";
import { TraceView } from "./trace/view.js";

const DOWN = "\u001B[B";

describe("TraceView", () => {
  it("shows the summary and the first event's details", () => {
    const { lastFrame } = render(<TraceView model={sampleTrace()} width={100} />);
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
});

describe("RacesView", () => {
  it("answers the question and lists the todos behind each outcome", async () => {
    const { lastFrame, stdin } = render(<RacesView model={sampleRaces()} />);
    expect(lastFrame()).toContain("4 created, 1 deleted, 3 orphaned");
    expect(lastFrame()).toContain("Why: 2 of 3");
    expect(lastFrame()).toContain("todo 2 created");
    stdin.write(DOWN);
    await vi.waitFor(() => expect(lastFrame()).toContain("todo 3 created"));
    stdin.write(DOWN);
    await vi.waitFor(() => expect(lastFrame()).toContain("DELETE 1 deleted 200"));
  });
});
