/**
 * Declared log formats (`RunOptions.logFormats`, the CLI's `--log-format`): a log group's type
 * when its lines' shape is ambiguous, or the field list of a custom VPC flow log format, which
 * the lines themselves never state.
 *
 *   auto                      recognise each line by its shape (the default)
 *   vpc                       VPC flow logs, default fields (any version number)
 *   vpc:${version} ${srcaddr} ...   VPC flow logs with this field list (the flow log's LogFormat)
 *   route53                   Route 53 public DNS query logs
 *   lambda                    Lambda START/END/REPORT lines (other lines as usual)
 *   text                      no vended format: JSON discovery only
 *
 * Keys are log group names, or `*` for every group a declaration names no other way.
 */
import { DEFAULT_VPC_FIELDS, VPC_FIELD_NAMES, vpcLayout, type VpcLayout } from "./vpc-flow.js";

export type DeclaredFormat = { kind: "auto" } | { kind: "text" } | { kind: "lambda" } | { kind: "route53" } | { kind: "vpc"; layout: VpcLayout };

export const FORMAT_KINDS = ["auto", "vpc", "route53", "lambda", "text"] as const;

/** Every group's declared format, or `ALL_GROUPS` for the rest. */
export type LogFormatSpecs = Readonly<Record<string, string>>;
export const ALL_GROUPS = "*";

/** A declaration that cannot be read: the message names the problem and the fix. */
export class LogFormatError extends Error {
  override readonly name = "LogFormatError";
}

const FIELD = /^\$\{([a-z0-9-]+)\}$/;

export function parseLogFormat(spec: string): DeclaredFormat {
  const text = spec.trim();
  const colon = text.indexOf(":");
  const kind = (colon < 0 ? text : text.slice(0, colon)).trim();
  const rest = colon < 0 ? undefined : text.slice(colon + 1).trim();
  if (!(FORMAT_KINDS as readonly string[]).includes(kind)) {
    throw new LogFormatError(`unknown log format "${kind}"; use one of ${FORMAT_KINDS.join(", ")} (vpc may take a field list: vpc:'\${version} \${srcaddr} ...')`);
  }
  if (rest !== undefined && kind !== "vpc") throw new LogFormatError(`the log format ${kind} takes no field list (only vpc does)`);
  switch (kind) {
    case "vpc":
      return { kind: "vpc", layout: vpcLayout(rest === undefined ? DEFAULT_VPC_FIELDS : vpcFieldList(rest), "vpc-declared") };
    case "route53":
      return { kind: "route53" };
    case "lambda":
      return { kind: "lambda" };
    case "text":
      return { kind: "text" };
    default:
      return { kind: "auto" };
  }
}

/** The fields of a VPC flow log format string: `${field}` words separated by spaces. */
function vpcFieldList(text: string): string[] {
  const items = text.split(/\s+/).filter((w) => w !== "");
  if (items.length === 0) throw new LogFormatError("vpc: the field list is empty; write the flow log's format, e.g. vpc:'${version} ${srcaddr} ${dstaddr} ${bytes}'");
  const seen = new Set<string>();
  return items.map((item) => {
    const name = FIELD.exec(item)?.[1];
    if (name === undefined) throw new LogFormatError(`vpc: "${item}" is not a \${field}; write each field as in the flow log's format, e.g. \${srcaddr}`);
    if (!(name in VPC_FIELD_NAMES)) throw new LogFormatError(`vpc: unknown flow log field \${${name}}; known fields: ${Object.keys(VPC_FIELD_NAMES).join(", ")}`);
    if (seen.has(name)) throw new LogFormatError(`vpc: \${${name}} is listed twice`);
    seen.add(name);
    return name;
  });
}

/**
 * `[GROUP=]FORMAT` as the CLI takes it: the group and the format, `ALL_GROUPS` when no group is
 * named. A value starting with a format name is a format (group names never hold `=` anyway).
 */
export function splitGroupFormat(value: string): { group: string; spec: string } {
  const text = value.trim();
  const head = /^([a-z0-9]+)(?::|$)/.exec(text)?.[1];
  if (head !== undefined && (FORMAT_KINDS as readonly string[]).includes(head)) return { group: ALL_GROUPS, spec: text };
  const eq = text.indexOf("=");
  if (eq <= 0) return { group: ALL_GROUPS, spec: text };
  return { group: text.slice(0, eq), spec: text.slice(eq + 1) };
}

/** The declared format of each group, parsed once; throws `LogFormatError` for a bad declaration. */
export class DeclaredFormats {
  private readonly byGroup = new Map<string, DeclaredFormat>();
  private readonly all: DeclaredFormat | undefined;

  constructor(specs: LogFormatSpecs) {
    for (const [group, spec] of Object.entries(specs)) {
      let format: DeclaredFormat;
      try {
        format = parseLogFormat(spec);
      } catch (error) {
        if (error instanceof LogFormatError && group !== ALL_GROUPS) throw new LogFormatError(`log group ${group}: ${error.message}`);
        throw error;
      }
      this.byGroup.set(group, format);
    }
    this.all = this.byGroup.get(ALL_GROUPS);
  }

  /** The format declared for `group`, if any (`auto` counts as none). */
  of(group: string): DeclaredFormat | undefined {
    const format = this.byGroup.get(group) ?? this.all;
    return format?.kind === "auto" ? undefined : format;
  }

  get empty(): boolean {
    return [...this.byGroup.values()].every((f) => f.kind === "auto");
  }
}

const VPC_DISCOVERED = new Set(Object.values(VPC_FIELD_NAMES));
/** VPC field names that many other logs use too: alone, they do not suggest a flow log. */
const COMMON_NAMES = new Set(["version", "protocol", "bytes", "action", "type", "region"]);

/**
 * For fields no event has: where they would come from when they are VPC flow log fields, the one
 * vended format whose lines never say their field list (the no-rows hint). Undefined otherwise.
 */
export function vendedFieldHint(names: readonly string[]): string | undefined {
  const vpc = names.filter((name) => VPC_DISCOVERED.has(name));
  if (!vpc.some((name) => !COMMON_NAMES.has(name))) return undefined;
  const which = vpc.length === 1 ? `${vpc[0]} is a VPC flow log field` : `${vpc.join(", ")} are VPC flow log fields`;
  return `${which}: records in the default format are read as such on their own; a flow log with a custom field list needs it declared, --log-format vpc:'\${version} \${srcaddr} ...' (the flow log's LogFormat)`;
}
