import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HandlerContext } from "../context.js";
import { UserError } from "../../shared/errors.js";
import { SAVED_QUERY_EXTENSION } from "../../saved/load.js";
import { checkSavedQueries, failedLine } from "../saved-check.js";
import { createLogsClient } from "../../cloudwatch/client.js";
import { awsTarget, callAws, type CloudWatchArgs } from "../../cloudwatch/cloudwatch-source.js";
import { lineDiff, listDefinitions, putDefinition, sameDefinition, toDefinition, toFileText } from "../../cloudwatch/query-definitions.js";
import { makeDirectorySync } from "../../shared/make-directory.js";

export interface SyncArgs extends Pick<CloudWatchArgs, "region" | "profile" | "endpointUrl"> {
  folder: string;
  dryRun?: boolean;
  /** Log groups for definitions whose file names none (`# log-group:` lines). */
  logGroup?: string[];
}

/** `tolog queries push`: local saved queries -> QueryDefinitions. Shows the diff, then writes. */
export async function runQueriesPush(args: SyncArgs, dirs: string[], ctx: HandlerContext): Promise<number> {
  const checked = await checkSavedQueries(dirs, ctx);
  // One bad file refuses the whole push, before anything is sent: the folder on CloudWatch is
  // never left half-updated, and every bad file is named at once rather than one per attempt.
  const broken = checked.filter((c) => c.report !== "");
  if (broken.length > 0) {
    for (const one of broken) ctx.info(failedLine(one, ctx));
    const names = broken.map((c) => c.loaded.query.name);
    throw new UserError(`${names.length} saved ${names.length === 1 ? "query fails" : "queries fail"} \`tolog queries check\`: ${names.join(", ")}; nothing was pushed.`, {
      hint: "Fix them as shown above (`tolog queries check` says the same) and push again.",
    });
  }
  const loaded = checked.map((c) => c.loaded);
  const client = createLogsClient(awsTarget(args), ctx.io.env);
  try {
    const remote = await callAws(() => listDefinitions(client, args.folder), { env: ctx.io.env, operation: "DescribeQueryDefinitions" });
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const { query } of loaded) {
      const wanted = toDefinition(query, args.folder, args.logGroup ?? []);
      const existing = remote.find((d) => d.name === wanted.name);
      if (existing && sameDefinition(existing, wanted)) {
        counts.unchanged++;
        continue;
      }
      if (existing) {
        ctx.print(`~ ${wanted.name}`);
        for (const line of lineDiff(toFileText(existing), toFileText(wanted))) ctx.print(line);
        counts.updated++;
      } else {
        ctx.print(`+ ${wanted.name}`);
        counts.created++;
      }
      if (!args.dryRun) await callAws(() => putDefinition(client, wanted, existing?.queryDefinitionId), { env: ctx.io.env, operation: "PutQueryDefinition" });
    }
    ctx.info(summary(counts, args.dryRun, "CloudWatch saved queries"));
    return 0;
  } finally {
    client.destroy();
  }
}

/** `tolog queries pull`: QueryDefinitions in the folder -> `<dir>/<name>.insights`. */
export async function runQueriesPull(args: SyncArgs, dir: string, ctx: HandlerContext): Promise<number> {
  const client = createLogsClient(awsTarget(args), ctx.io.env);
  try {
    const remote = await callAws(() => listDefinitions(client, args.folder), { env: ctx.io.env, operation: "DescribeQueryDefinitions" });
    const counts = { created: 0, updated: 0, unchanged: 0 };
    if (!args.dryRun) makeDirectorySync(dir);
    for (const definition of remote.sort((a, b) => a.name.localeCompare(b.name))) {
      const name = definition.name.slice(args.folder.length);
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
        ctx.warn(`skipped "${definition.name}": "${name}" cannot be a file name (letters, digits, . _ - only)`);
        continue;
      }
      const path = join(dir, name + SAVED_QUERY_EXTENSION);
      const text = toFileText(definition);
      const before = existsSync(path) ? readFileSync(path, "utf8") : undefined;
      if (before === text) {
        counts.unchanged++;
        continue;
      }
      ctx.print(`${before === undefined ? "+" : "~"} ${path}`);
      if (before !== undefined) for (const line of lineDiff(before, text)) ctx.print(line);
      before === undefined ? counts.created++ : counts.updated++;
      if (!args.dryRun) writeFileSync(path, text);
    }
    ctx.info(summary(counts, args.dryRun, `files in ${dir}`));
    return 0;
  } finally {
    client.destroy();
  }
}

function summary(counts: { created: number; updated: number; unchanged: number }, dryRun: boolean | undefined, what: string): string {
  const verb = dryRun ? "would be " : "";
  return `${what}: ${counts.created} ${verb}created, ${counts.updated} ${verb}updated, ${counts.unchanged} unchanged${dryRun ? " (dry run: nothing written)" : ""}`;
}
