import { Stack, aws_logs as logs } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SavedQueries } from "../src/constructs/saved-queries.js";
import { readSavedQueries } from "../src/saved-query-files.js";
import { discardOutput, testApp } from "./support/app.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/queries", import.meta.url));

describe("SavedQueries", () => {
  const app = testApp();
  const stack = new Stack(app, "Test");
  const logGroup = new logs.LogGroup(stack, "Logs", { logGroupName: "taskoverflow" });
  new SavedQueries(stack, "Saved", { queries: readSavedQueries(FIXTURES), logGroup });
  const template = Template.fromStack(stack);
  discardOutput(app);

  it("makes one query definition per .insights file and ignores other files", () => {
    template.resourceCountIs("AWS::Logs::QueryDefinition", 2);
  });

  it("carries parameters with their defaults (quotes removed) and descriptions, and the query without its header", () => {
    template.hasResourceProperties("AWS::Logs::QueryDefinition", {
      Name: "tolog/with-params",
      QueryString: "filter route = {{route}} and duration_ms > {{min_ms}} and method = {{method}}\n| sort duration_ms desc",
      LogGroupNames: [{ Ref: stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup) }],
      Parameters: [
        { Name: "route", Description: "The route template." },
        { Name: "min_ms", DefaultValue: "100", Description: "Only requests slower than this." },
        { Name: "method", DefaultValue: "GET", Description: "The HTTP method." },
      ],
    });
  });

  it("omits Parameters for a query without any", () => {
    const plain = Object.values(template.findResources("AWS::Logs::QueryDefinition")).find((r) => r.Properties.Name === "tolog/plain");
    expect(plain?.Properties).toEqual({ Name: "tolog/plain", QueryString: "stats count(*) by route", LogGroupNames: [expect.anything()] });
  });
});

describe("readSavedQueries", () => {
  it("stops the synth on a file that `tolog queries check` would reject", () => {
    const dir = mkdtempSync(join(tmpdir(), "infra-queries-"));
    try {
      writeFileSync(join(dir, "broken.insights"), "# description: uses an undeclared parameter\nfilter route = {{route}}\n");
      expect(() => readSavedQueries(dir)).toThrow(/broken\.insights:2: \{\{route\}\} is not declared/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
