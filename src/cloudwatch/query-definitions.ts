import {
  DescribeQueryDefinitionsCommand,
  PutQueryDefinitionCommand,
  type CloudWatchLogsClient,
  type QueryDefinition,
} from "@aws-sdk/client-cloudwatch-logs";
import type { SavedQuery } from "../saved/saved-query.js";
import { withRetry } from "./retry.js";

/**
 * tolog's saved queries (`queries/<name>.insights`) as CloudWatch QueryDefinitions and back.
 * A definition holds the query body, its `{{param}}` parameters and its log groups; the file's
 * description travels as the first comment line of the query string (Logs Insights reads `#`
 * lines as comments), and its log groups as `# log-group:` header lines.
 */
export interface DefinitionSpec {
  name: string;
  queryString: string;
  parameters: Array<{ name: string; defaultValue?: string; description?: string }>;
  logGroupNames: string[];
}

export interface RemoteDefinition extends DefinitionSpec {
  queryDefinitionId: string;
}

const LOG_GROUP_LINE = /^#\s*log-group\s*:\s*(\S.*?)\s*$/;
const DESCRIPTION_LINE = /^#\s*description\s*:\s*(.*?)\s*$/;

export function logGroupsOf(query: SavedQuery): string[] {
  const header = query.text.slice(0, query.text.length - query.body.length);
  return header.split("\n").flatMap((line) => LOG_GROUP_LINE.exec(line)?.[1] ?? []);
}

export function toDefinition(query: SavedQuery, folder: string, defaultGroups: string[]): DefinitionSpec {
  const groups = logGroupsOf(query);
  return {
    name: folder + query.name,
    queryString: (query.description ? `# description: ${query.description}\n` : "") + query.body.trim(),
    parameters: query.params.map((p) => ({
      name: p.name,
      ...(p.default !== undefined ? { defaultValue: p.default } : {}),
      ...(p.description ? { description: p.description } : {}),
    })),
    logGroupNames: groups.length > 0 ? groups : defaultGroups,
  };
}

/** The `.insights` file of a definition: header (description, params, log groups), then the body. */
export function toFileText(definition: DefinitionSpec): string {
  const lines = definition.queryString.split("\n");
  const description = DESCRIPTION_LINE.exec(lines[0] ?? "")?.[1];
  const body = (description !== undefined ? lines.slice(1) : lines).join("\n").trim();
  const header = [
    `# description: ${description || "(pulled from CloudWatch)"}`,
    ...definition.parameters.map((p) => `# param ${p.name}${p.defaultValue !== undefined ? ` = ${quoteDefault(p.defaultValue)}` : ""}: ${p.description || "(no description)"}`),
    ...definition.logGroupNames.map((g) => `# log-group: ${g}`),
  ];
  return `${header.join("\n")}\n${body}\n`;
}

function quoteDefault(value: string): string {
  return /^[^:"\s][^:"]*$/.test(value) && value.trim() === value ? value : JSON.stringify(value);
}

export function sameDefinition(a: DefinitionSpec, b: DefinitionSpec): boolean {
  const norm = (d: DefinitionSpec) =>
    JSON.stringify([d.name, d.queryString.trim(), d.parameters.map((p) => [p.name, p.defaultValue ?? null, p.description ?? ""]), [...d.logGroupNames].sort()]);
  return norm(a) === norm(b);
}

export async function listDefinitions(client: CloudWatchLogsClient, folder: string): Promise<RemoteDefinition[]> {
  // The SDK has no paginator for this operation; 1,000 definitions per region is the quota.
  const out: RemoteDefinition[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const answer = await withRetry(() =>
      client.send(new DescribeQueryDefinitionsCommand({ ...(folder ? { queryDefinitionNamePrefix: folder } : {}), maxResults: 1000, nextToken })),
    );
    for (const d of answer.queryDefinitions ?? []) out.push(fromAws(d));
    nextToken = answer.nextToken;
    if (!nextToken) break;
  }
  return out;
}

function fromAws(d: QueryDefinition): RemoteDefinition {
  return {
    queryDefinitionId: d.queryDefinitionId ?? "",
    name: d.name ?? "",
    queryString: d.queryString ?? "",
    parameters: (d.parameters ?? []).map((p) => ({
      name: p.name ?? "",
      ...(p.defaultValue !== undefined ? { defaultValue: p.defaultValue } : {}),
      ...(p.description ? { description: p.description } : {}),
    })),
    logGroupNames: d.logGroupNames ?? [],
  };
}

export async function putDefinition(client: CloudWatchLogsClient, spec: DefinitionSpec, id?: string): Promise<string> {
  const answer = await withRetry(() =>
    client.send(
      new PutQueryDefinitionCommand({
        name: spec.name,
        queryString: spec.queryString,
        logGroupNames: spec.logGroupNames.length > 0 ? spec.logGroupNames : undefined,
        parameters: spec.parameters.length > 0 ? spec.parameters : undefined,
        ...(id ? { queryDefinitionId: id } : {}),
      }),
    ),
  );
  return answer.queryDefinitionId ?? "";
}

/** A short line diff for people: lines only in `before` with -, only in `after` with +. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.trimEnd().split("\n");
  const b = after.trimEnd().split("\n");
  return [...a.filter((line) => !b.includes(line)).map((l) => `  - ${l}`), ...b.filter((line) => !a.includes(line)).map((l) => `  + ${l}`)];
}
