import { groupArn, type Operation, type ServeContext } from "./context.js";
import { groupNotFound, invalidParameter, resourceAlreadyExists, streamNotFound } from "./errors.js";
import { decodeToken, encodeToken } from "./paging.js";
import {
  checkGroupName,
  checkStreamName,
  groupOf,
  optionalBoolean,
  optionalNumber,
  optionalString,
  requiredNumber,
  requiredString,
} from "./params.js";
import { compareAscii, type GroupState, type StreamState } from "./store.js";

/** Log groups and log streams: create, list, delete, retention. */

/** The retention periods PutRetentionPolicy accepts, in days. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export async function requireGroup(ctx: ServeContext, name: string): Promise<GroupState> {
  let group = ctx.store.group(name);
  if (!group) {
    await ctx.store.sync(); // perhaps created by another process since the last look
    group = ctx.store.group(name);
  }
  if (!group) throw groupNotFound();
  return group;
}

export function requireStream(group: GroupState, name: string): StreamState {
  const stream = group.streams.get(name);
  if (!stream) throw streamNotFound();
  return stream;
}

export const createLogGroup: Operation = async (body, ctx) => {
  const name = checkGroupName(requiredString(body, "logGroupName"));
  const created = await ctx.store.createGroup(name, ctx.now());
  if (!created) throw resourceAlreadyExists("The specified log group already exists");
  return {};
};

export const deleteLogGroup: Operation = async (body, ctx) => {
  const group = await requireGroup(ctx, checkGroupName(requiredString(body, "logGroupName")));
  await ctx.store.deleteGroup(group);
  return {};
};

export const describeLogGroups: Operation = async (body, ctx, request) => {
  const prefix = optionalString(body, "logGroupNamePrefix", 512);
  const pattern = optionalString(body, "logGroupNamePattern", 512);
  if (prefix !== undefined && pattern !== undefined) {
    throw invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
  }
  const limit = optionalNumber(body, "limit", 1, 50) ?? 50;
  const after = decodeToken<string>("groups", optionalString(body, "nextToken"));
  await ctx.store.sync();
  const matching = ctx.store
    .groups()
    .filter((g) => (prefix === undefined || g.name.startsWith(prefix)) && (pattern === undefined || g.name.includes(pattern)))
    .filter((g) => after === undefined || compareAscii(g.name, after) > 0);
  const page = matching.slice(0, limit);
  const logGroups = page.map((group) => {
    const arn = groupArn(ctx, request, group.name);
    // With a pattern, CloudWatch returns only these three members.
    if (pattern !== undefined) return { logGroupName: group.name, creationTime: group.creationTime, arn: `${arn}:*` };
    let storedBytes = 0;
    for (const stream of group.streams.values()) storedBytes += stream.storedBytes;
    return {
      logGroupName: group.name,
      creationTime: group.creationTime,
      ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
      metricFilterCount: 0,
      arn: `${arn}:*`,
      logGroupArn: arn,
      storedBytes,
      logGroupClass: "STANDARD",
    };
  });
  const more = matching.length > page.length;
  return { logGroups, ...(more ? { nextToken: encodeToken("groups", page[page.length - 1].name) } : {}) };
};

export const putRetentionPolicy: Operation = async (body, ctx) => {
  const group = await requireGroup(ctx, checkGroupName(requiredString(body, "logGroupName")));
  const days = requiredNumber(body, "retentionInDays");
  if (!RETENTION_DAYS.includes(days)) {
    throw invalidParameter(
      `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(", ")}]`,
    );
  }
  await ctx.store.setRetention(group, days);
  return {};
};

export const deleteRetentionPolicy: Operation = async (body, ctx) => {
  const group = await requireGroup(ctx, checkGroupName(requiredString(body, "logGroupName")));
  await ctx.store.setRetention(group, undefined);
  return {};
};

export const createLogStream: Operation = async (body, ctx) => {
  const group = await requireGroup(ctx, checkGroupName(requiredString(body, "logGroupName")));
  const name = checkStreamName(requiredString(body, "logStreamName"));
  const created = await ctx.store.createStream(group, name, ctx.now());
  if (!created) throw resourceAlreadyExists("The specified log stream already exists");
  return {};
};

export const deleteLogStream: Operation = async (body, ctx) => {
  const group = await requireGroup(ctx, checkGroupName(requiredString(body, "logGroupName")));
  const stream = requireStream(group, checkStreamName(requiredString(body, "logStreamName")));
  await ctx.store.deleteStream(group, stream);
  return {};
};

export const describeLogStreams: Operation = async (body, ctx, request) => {
  const groupName = groupOf(body) as string;
  const prefix = optionalString(body, "logStreamNamePrefix", 512);
  const orderBy = optionalString(body, "orderBy") ?? "LogStreamName";
  if (orderBy !== "LogStreamName" && orderBy !== "LastEventTime") {
    throw invalidParameter(
      `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
    );
  }
  if (orderBy === "LastEventTime" && prefix !== undefined) {
    throw invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  const descending = optionalBoolean(body, "descending") ?? false;
  const limit = optionalNumber(body, "limit", 1, 50) ?? 50;
  // Name order continues after the last name returned; LastEventTime order (which changes as
  // events arrive) can only continue at an offset.
  const cursor = decodeToken<string | number>("streams", optionalString(body, "nextToken"));
  await ctx.store.sync();
  const group = await requireGroup(ctx, groupName);
  let streams = [...group.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
  streams.sort(
    orderBy === "LogStreamName"
      ? (a, b) => compareAscii(a.name, b.name)
      : (a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || compareAscii(a.name, b.name),
  );
  if (descending) streams.reverse();
  if (typeof cursor === "string") {
    streams = streams.filter((s) => (descending ? compareAscii(s.name, cursor) < 0 : compareAscii(s.name, cursor) > 0));
  } else if (typeof cursor === "number") {
    streams = streams.slice(cursor);
  }
  const page = streams.slice(0, limit);
  const more = page.length < streams.length;
  const last = page[page.length - 1];
  const next = orderBy === "LogStreamName" ? last?.name : (typeof cursor === "number" ? cursor : 0) + page.length;
  const arn = groupArn(ctx, request, group.name);
  const logStreams = page.map((stream) => ({
    logStreamName: stream.name,
    creationTime: stream.creationTime,
    ...(stream.firstEventTimestamp !== undefined ? { firstEventTimestamp: stream.firstEventTimestamp } : {}),
    ...(stream.lastEventTimestamp !== undefined ? { lastEventTimestamp: stream.lastEventTimestamp } : {}),
    ...(stream.lastIngestionTime !== undefined ? { lastIngestionTime: stream.lastIngestionTime } : {}),
    arn: `${arn}:log-stream:${stream.name}`,
    storedBytes: 0, // deprecated by CloudWatch, which always answers 0
  }));
  return { logStreams, ...(more ? { nextToken: encodeToken("streams", next) } : {}) };
};
