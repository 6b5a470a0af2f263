import { SAVED_QUERY_FOLDER } from "../saved/saved-query.js";
import { repeatable, type OptionSpecs } from "./command.js";

/** Saved queries tolog pushes live in this folder of the console's saved queries. */
export const DEFAULT_FOLDER = SAVED_QUERY_FOLDER;

/** AWS target options, shared by `--log-group` queries, `tolog pull` and `tolog queries push/pull`. */
export const awsOptions = {
  region: {
    type: "string",
    requiresArg: true,
    describe: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's)",
  },
  profile: {
    type: "string",
    requiresArg: true,
    describe: "Named profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE)",
  },
  "endpoint-url": {
    type: "string",
    requiresArg: true,
    describe: "Another CloudWatch Logs endpoint, e.g. http://127.0.0.1:4588 for tolog serve",
  },
} as const satisfies OptionSpecs;

/** Selects CloudWatch as the source of a query-running command (next to `--logs`). */
export const cloudwatchSourceOptions = {
  "log-group": repeatable({
    describe: "Run on CloudWatch Logs Insights over this log group, or every group of a prefix ('app*'). Repeatable, up to 50.",
    envYieldsTo: ["logs"],
  }),
  ...awsOptions,
  "max-gb": {
    type: "number",
    requiresArg: true,
    describe: "CloudWatch: stop a query (StopQuery) once it has scanned this many GB ($0.005 per GB)",
  },
} as const satisfies OptionSpecs;
