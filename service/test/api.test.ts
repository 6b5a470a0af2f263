import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningService } from "../src/server.js";
import { type TestDb, json, resetTodos, startTestDb, startTestService } from "./helpers.js";

// The course's API spec tests (Week 2 starter, tests/test_todo.py), ported, plus the fixes this
// rewrite documents (types, dates, bad JSON, pagination). Real Postgres, real HTTP.

let db: TestDb;
let service: RunningService;
let base: string;

beforeAll(async () => {
  db = await startTestDb();
  ({ service } = await startTestService(db, { LOG_LEVEL: "silent" }));
  base = `${service.url}/api/v1`;
});

afterAll(async () => {
  await service?.stop("tests done");
  await db?.close();
});

beforeEach(() => resetTodos(db));

const FIELDS = ["id", "title", "description", "completed", "deadline_at", "created_at", "updated_at"].sort();

function post(body: unknown, raw?: string) {
  return fetch(`${base}/todos`, { method: "POST", headers: { "content-type": "application/json" }, body: raw ?? JSON.stringify(body) });
}
function put(id: number | string, body: unknown) {
  return fetch(`${base}/todos/${id}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}
async function create(body: Record<string, unknown>) {
  const res = await post(body);
  expect(res.status).toBe(201);
  return (await json(res)) as Record<string, unknown> & { id: number };
}
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 19);
}

describe("health", () => {
  it("answers 200 ok", async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
  });
});

describe("GET /todos/:id", () => {
  it("returns the todo with exactly the course's fields", async () => {
    const t = await create({ title: "Watch CSSE6400 Lecture", description: "ASAP", completed: true, deadline_at: "2023-02-27T00:00:00" });
    const res = await fetch(`${base}/todos/${t.id}`);
    expect(res.status).toBe(200);
    const body = (await json(res)) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(FIELDS);
    expect(body).toMatchObject({ id: t.id, title: "Watch CSSE6400 Lecture", description: "ASAP", completed: true, deadline_at: "2023-02-27T00:00:00" });
    // Python isoformat(): naive, no Z.
    expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?$/);
  });

  it("answers 404 for a missing id", async () => {
    const res = await fetch(`${base}/todos/999`);
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Todo not found" });
  });

  it("answers 404 for an id that is not an integer, as Flask's <int:id> did", async () => {
    const res = await fetch(`${base}/todos/undefined`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/json/);
  });
});

describe("GET /todos", () => {
  it("returns [] when empty", async () => {
    const res = await fetch(`${base}/todos`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual([]);
  });

  it("returns every todo, newest first (Week 8 order; the Week 2 test expected insertion order)", async () => {
    const a = await create({ title: "first" });
    const b = await create({ title: "second" });
    const list = (await json(await fetch(`${base}/todos`))) as { id: number }[];
    expect(list.map((t) => t.id)).toEqual([b.id, a.id]);
  });

  it("filters ?completed=true and ?completed=false", async () => {
    await create({ title: "done", completed: true });
    await create({ title: "open" });
    const done = (await json(await fetch(`${base}/todos?completed=true`))) as { title: string }[];
    expect(done.map((t) => t.title)).toEqual(["done"]);
    const open = (await json(await fetch(`${base}/todos?completed=false`))) as { title: string }[];
    expect(open.map((t) => t.title)).toEqual(["open"]);
  });

  it("?window=5 keeps past-due todos and those due within 5 days", async () => {
    await create({ title: "past 1", deadline_at: daysFromNow(-3) });
    await create({ title: "past 2", deadline_at: daysFromNow(-1) });
    await create({ title: "in 4 days", deadline_at: daysFromNow(4) });
    await create({ title: "in 10 days", deadline_at: daysFromNow(10) });
    const list = (await json(await fetch(`${base}/todos?window=5`))) as { title: string }[];
    expect(list.map((t) => t.title).sort()).toEqual(["in 4 days", "past 1", "past 2"]);
  });

  it("rejects a window that is not an integer with 400 (the course raised a 500)", async () => {
    const res = await fetch(`${base}/todos?window=soon`);
    expect(res.status).toBe(400);
  });

  it("pages with the optional limit and offset", async () => {
    for (const title of ["a", "b", "c", "d"]) await create({ title });
    const page = (await json(await fetch(`${base}/todos?limit=2&offset=1`))) as { title: string }[];
    expect(page.map((t) => t.title)).toEqual(["c", "b"]);
    expect((await fetch(`${base}/todos?limit=-1`)).status).toBe(400);
  });
});

describe("POST /todos", () => {
  it("creates with 201 and returns the object", async () => {
    const res = await post({ title: "Watch CSSE6400 Lecture", description: "ASAP", completed: true, deadline_at: "2023-02-27T00:00:00" });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ title: "Watch CSSE6400 Lecture", completed: true, deadline_at: "2023-02-27T00:00:00" });
  });

  it("defaults completed to false and deadline_at to null", async () => {
    const t = await create({ title: "t", description: "d" });
    expect(t).toMatchObject({ completed: false, deadline_at: null, description: "d" });
  });

  it("answers 400 without a title", async () => {
    const res = await post({ description: "no title" });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "missing title" });
  });

  it("answers 400 for an unknown field, including id", async () => {
    for (const body of [{ title: "t", priority: 1 }, { title: "t", id: 5 }]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({ error: "extra fields" });
    }
    expect(await json(await fetch(`${base}/todos`))).toEqual([]);
  });

  it("answers 400 extra fields for a __proto__ or constructor key, which is valid JSON", async () => {
    for (const raw of ['{"title":"t","__proto__":{"admin":true}}', '{"title":"t","constructor":{"prototype":{"admin":true}}}']) {
      const res = await post(undefined, raw);
      expect(res.status, raw).toBe(400);
      expect(await json(res), raw).toEqual({ error: "extra fields" });
    }
    const broken = await post(undefined, '{"title":"t",');
    expect(broken.status).toBe(400);
    expect(((await json(broken)) as { error: string }).error).toMatch(/not valid JSON/);
    expect(await json(await fetch(`${base}/todos`))).toEqual([]);
  });

  it("answers 400 for wrong types and bad dates", async () => {
    const bad = [
      { title: 5 },
      { title: "x".repeat(81) },
      { title: "t", completed: "yes" },
      { title: "t", description: 3 },
      { title: "t", deadline_at: "tomorrow" },
      { title: "t", deadline_at: "2025-02-30T10:00:00" },
      { title: "t", deadline_at: 1700000000 },
    ];
    for (const body of bad) expect((await post(body)).status, JSON.stringify(body)).toBe(400);
  });

  it("counts a title's and a description's length in characters, as VARCHAR(80) and VARCHAR(120) do", async () => {
    const emoji = "\u{1F600}";
    const made = await post({ title: emoji.repeat(80), description: emoji.repeat(120) });
    expect(made.status).toBe(201);
    expect(((await json(made)) as { title: string }).title).toBe(emoji.repeat(80));
    expect((await post({ title: emoji.repeat(81) })).status).toBe(400);
    expect((await post({ title: "t", description: emoji.repeat(121) })).status).toBe(400);
  });

  it("answers 400 naming the field for a NUL character, which Postgres text cannot hold", async () => {
    const nul = "a\u0000b";
    expect(await json(await post({ title: nul }))).toEqual({ error: "invalid title: it contains a NUL character (\\u0000)" });
    const withDescription = await post({ title: "t", description: nul });
    expect(withDescription.status).toBe(400);
    expect(await json(withDescription)).toEqual({ error: "invalid description: it contains a NUL character (\\u0000)" });
    const t = await create({ title: "keep" });
    expect((await put(t.id, { title: nul })).status).toBe(400);
    const listed = await fetch(`${base}/todos?completed=%00`);
    expect(listed.status).toBe(400);
    expect(await json(listed)).toEqual({ error: "invalid completed: it contains a NUL character (\\u0000)" });
    expect(await json(await fetch(`${base}/todos/${t.id}`))).toMatchObject({ title: "keep" });
  });

  it("answers 400 for a deadline outside the years 1900-9999, which used to be stored 1900 years later", async () => {
    const range = { error: "invalid deadline_at: it must fall in the years 1900-9999" };
    for (const deadline_at of ["0026-03-01T10:00:00", "0000-01-01", "0099-12-31T23:59:59", "1899-12-31T23:59:59", "1900-01-01T00:30:00+01:00"]) {
      const res = await post({ title: "t", deadline_at });
      expect({ deadline_at, status: res.status, body: await json(res) }).toEqual({ deadline_at, status: 400, body: range });
    }
    expect((await create({ title: "t", deadline_at: "1900-01-01T00:00:00" })).deadline_at).toBe("1900-01-01T00:00:00");
    expect((await create({ title: "t", deadline_at: "9999-12-31T23:59:59" })).deadline_at).toBe("9999-12-31T23:59:59");
  });

  it("answers 400 with a JSON body, never a stack, for bad JSON", async () => {
    const res = await post(undefined, "{not json");
    expect(res.status).toBe(400);
    const body = (await json(res)) as { error: string };
    expect(typeof body.error).toBe("string");
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it("converts a deadline with an offset to naive UTC", async () => {
    const t = await create({ title: "t", deadline_at: "2025-09-05T15:00:00+10:00" });
    expect(t.deadline_at).toBe("2025-09-05T05:00:00");
  });
});

describe("PUT /todos/:id", () => {
  it("updates and answers 200", async () => {
    const t = await create({ title: "old" });
    const res = await put(t.id, { title: "new", completed: true });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: t.id, title: "new", completed: true });
  });

  it("answers 400 for an unknown field", async () => {
    const t = await create({ title: "old" });
    expect((await put(t.id, { title: "new", colour: "red" })).status).toBe(400);
  });

  it("answers 404 for a missing id", async () => {
    const res = await put(999, { title: "new" });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Todo not found" });
  });

  it("refuses to change the id and leaves the row unchanged", async () => {
    const t = await create({ title: "keep" });
    expect((await put(t.id, { id: 2 })).status).toBe(400);
    expect(await json(await fetch(`${base}/todos/${t.id}`))).toMatchObject({ id: t.id, title: "keep" });
  });
});

describe("DELETE /todos/:id", () => {
  it("deletes with 200, after which GET answers 404", async () => {
    const t = await create({ title: "bye" });
    const res = await fetch(`${base}/todos/${t.id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: t.id, title: "bye" });
    expect((await fetch(`${base}/todos/${t.id}`)).status).toBe(404);
  });

  it("answers 200 {} for a missing id, as the course does", async () => {
    const res = await fetch(`${base}/todos/999`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({});
  });

  it("takes Content-Type: application/json with an empty body, as Flask does (clients that set it on every request)", async () => {
    const t = await create({ title: "bye" });
    const jsonHeader = { "content-type": "application/json" };
    const res = await fetch(`${base}/todos/${t.id}`, { method: "DELETE", headers: jsonHeader });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: t.id, title: "bye" });
    expect((await fetch(`${base}/todos/${t.id}`)).status).toBe(404);
    // Every route that takes no body, whatever the method.
    for (const [method, path] of [["DELETE", "/todos/999"], ["GET", "/todos"], ["GET", "/todos/999"], ["GET", "/health"]]) {
      const other = await fetch(`${base}${path}`, { method, headers: jsonHeader, ...(method === "GET" ? {} : { body: "" }) });
      expect({ method, path, status: other.status }).toEqual({ method, path, status: path === "/todos/999" && method === "GET" ? 404 : 200 });
    }
    // A route that needs a body still says so.
    const empty = await fetch(`${base}/todos`, { method: "POST", headers: jsonHeader, body: "" });
    expect(empty.status).toBe(400);
    expect(await json(empty)).toEqual({ error: "expected a JSON object" });
  });

  it("answers 404 for /todos/undefined (the 2023 k6 bug's request)", async () => {
    expect((await fetch(`${base}/todos/undefined`, { method: "DELETE" })).status).toBe(404);
  });
});

describe("unknown routes", () => {
  it("answer 404 with a JSON body", async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Not Found" });
  });
});
