import { UsageError } from "../shared/errors.js";

export const LOG_FORMAT_HINT =
  "Write --log-format FORMAT or --log-format GROUP=FORMAT, FORMAT one of auto, vpc, route53, lambda, text, or vpc:'${version} ${srcaddr} ...' " +
  "with the flow log's own format string (as `aws ec2 describe-flow-logs` shows it).";

/**
 * `--log-format` values as `RunOptions.logFormats` (group -> format, `*` for every group), checked
 * now so that a typo is a usage error before any file is read. Undefined when none is given.
 */
export async function resolveLogFormats(values: string[] | undefined, cloudwatch: boolean): Promise<Record<string, string> | undefined> {
  if (values === undefined || values.length === 0) return undefined;
  if (cloudwatch) {
    throw new UsageError("--log-format applies to local logs only.", {
      hint: "CloudWatch discovers the fields of AWS logs itself; drop --log-format, or use --logs on pulled files (tolog pull).",
    });
  }
  const { LogFormatError, parseLogFormat, splitGroupFormat } = await import("../engine/vended/log-format.js");
  const formats: Record<string, string> = {};
  for (const value of values) {
    const { group, spec } = splitGroupFormat(value);
    if (formats[group] !== undefined) {
      throw new UsageError(`--log-format is given twice for ${group === "*" ? "every group" : `log group ${group}`}.`, { hint: "Give one format per log group." });
    }
    try {
      parseLogFormat(spec);
    } catch (error) {
      if (error instanceof LogFormatError) throw new UsageError(`--log-format ${value}: ${error.message}.`, { hint: LOG_FORMAT_HINT });
      throw error;
    }
    formats[group] = spec;
  }
  return formats;
}
