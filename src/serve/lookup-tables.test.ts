import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  CreateLookupTableCommand,
  DeleteLookupTableCommand,
  DescribeLookupTablesCommand,
  GetLookupTableCommand,
  GetQueryResultsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  StartQueryCommand,
  UpdateLookupTableCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterEach, describe, expect, test } from "vitest";
import { startHarness, type Harness } from "./test-support.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

const NOW = Date.now();

async function query(queryString: string) {
  const { queryId } = await h.client.send(
    new StartQueryCommand({ logGroupName: "/app/api", startTime: Math.floor((NOW - 3600_000) / 1000), endTime: Math.ceil(NOW / 1000), queryString }),
  );
  for (let i = 0; i < 200; i++) {
    const result = await h.client.send(new GetQueryResultsCommand({ queryId }));
    if (result.status !== "Running" && result.status !== "Scheduled") return result;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the query did not finish");
}

describe("lookup tables on tolog serve, through the AWS SDK", () => {
  test("create, describe, get, update, delete; lookup in a query reads the table", async () => {
    h = await startHarness();
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "/app/api" }));
    await h.client.send(new CreateLogStreamCommand({ logGroupName: "/app/api", logStreamName: "web-1" }));
    await h.client.send(
      new PutLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web-1", logEvents: [{ timestamp: NOW - 60_000, message: '{"user":"u1"}' }] }),
    );
    const created = await h.client.send(new CreateLookupTableCommand({ lookupTableName: "users", tableBody: "id,team\nu1,core\n", description: "who" }));
    expect(created.lookupTableArn).toMatch(/:lookup-table:users$/);
    await expect(h.client.send(new CreateLookupTableCommand({ lookupTableName: "users", tableBody: "id\n" }))).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    await expect(h.client.send(new CreateLookupTableCommand({ lookupTableName: "bad", tableBody: "id,id\n" }))).rejects.toBeInstanceOf(InvalidParameterException);

    const listed = await h.client.send(new DescribeLookupTablesCommand({}));
    expect(listed.lookupTables).toMatchObject([{ lookupTableName: "users", description: "who", tableFields: ["id", "team"], recordsCount: 1 }]);

    expect((await query("lookup users id as user OUTPUT team | display user, team")).results).toEqual([
      [{ field: "user", value: "u1" }, { field: "team", value: "core" }, { field: "@ptr", value: expect.any(String) }],
    ]);

    // A fields after the lookup picks the columns: no @timestamp or @message.
    expect((await query("lookup users id as user OUTPUT team | fields user, team")).results).toEqual([
      [{ field: "user", value: "u1" }, { field: "team", value: "core" }, { field: "@ptr", value: expect.any(String) }],
    ]);

    await h.client.send(new UpdateLookupTableCommand({ lookupTableArn: created.lookupTableArn, tableBody: "id,team\nu1,edge\n" }));
    expect((await h.client.send(new GetLookupTableCommand({ lookupTableArn: created.lookupTableArn }))).tableBody).toBe("id,team\nu1,edge\n");
    expect((await query("lookup users id as user OUTPUT team | display team")).results).toEqual([[{ field: "team", value: "edge" }, { field: "@ptr", value: expect.any(String) }]]);

    await h.client.send(new DeleteLookupTableCommand({ lookupTableArn: created.lookupTableArn }));
    await expect(h.client.send(new GetLookupTableCommand({ lookupTableArn: created.lookupTableArn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect((await query("lookup users id as user OUTPUT team")).status).toBe("Failed");
  });
});
