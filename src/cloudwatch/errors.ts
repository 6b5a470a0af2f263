import { similarChoices } from "../engine/suggest.js";
import { describeNetworkError } from "../shared/network-error.js";

/**
 * AWS errors turned into what a person can act on. The CLI wraps the result in a UserError;
 * anything not recognised here is re-thrown as it is (a bug or an unexpected failure).
 */
export interface ActionableError {
  message: string;
  hint: string;
  /** For MalformedQueryException: where in the query text AWS found the problem. */
  queryLocation?: { start: number; end: number };
}

export interface ErrorContext {
  logGroups?: string[];
  /** Every group name the account has, when known: for "did you mean" on ResourceNotFound. */
  knownGroups?: string[];
  operation?: string;
  /** For the proxy variables a network error's hint mentions. */
  env?: Record<string, string | undefined>;
}

const LEARNER_LAB_HINT =
  "On AWS Academy Learner Lab the session credentials expire after about 4 hours: open the lab's " +
  "'AWS Details', copy the credentials again into ~/.aws/credentials (or the AWS_* variables), and rerun.";

export function explainAwsError(error: unknown, context: ErrorContext = {}): ActionableError | undefined {
  if (!(error instanceof Error)) return undefined;
  const name = error.name;
  const text = error.message ?? "";
  if (name === "CredentialsProviderError" || /Could not load credentials|Unable to locate credentials/i.test(text)) {
    // The SDK names a profile it was asked for and did not find (--profile, AWS_PROFILE): telling
    // that user to "pass --profile NAME" sent them round in a circle.
    const profile = /using profile: \[([^\]]*)\]|Profile '?([^' ]+)'? could not be found/.exec(text);
    if (profile) {
      return {
        message: `no AWS credentials for the profile "${profile[1] ?? profile[2]}"`,
        hint: `Is [${profile[1] ?? profile[2]}] in ~/.aws/credentials, or [profile ${profile[1] ?? profile[2]}] in ~/.aws/config, with keys (\`aws configure list-profiles\` lists them)? Add it, or pass another --profile, or none to use the AWS_* variables. ${LEARNER_LAB_HINT}`,
      };
    }
    return {
      message: "no AWS credentials found",
      hint: `Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or pass --profile NAME. ${LEARNER_LAB_HINT}`,
    };
  }
  if (/Region is missing/i.test(text)) {
    return {
      message: "no AWS region given",
      hint: "Pass --region (e.g. --region us-east-1), or set AWS_REGION, or set a region in the --profile's config.",
    };
  }
  if (/ExpiredToken|RequestExpired|TokenRefreshRequired/.test(name) || /security token.*expired/i.test(text)) {
    return { message: "the AWS session credentials have expired", hint: LEARNER_LAB_HINT };
  }
  if (name === "UnrecognizedClientException" || name === "InvalidSignatureException") {
    return {
      message: `AWS rejected the credentials (${name})`,
      hint: `Check the access key, secret and session token belong together. ${LEARNER_LAB_HINT}`,
    };
  }
  if (name === "AccessDeniedException" || name === "AccessDenied") {
    const action = /not authorized to perform: (\S+)/.exec(text)?.[1] ?? permissionFor(context.operation);
    return {
      message: `access denied${action ? `: the credentials lack ${action}` : ""}`,
      hint: `Grant ${action ?? "the logs:* permission for this operation"} to the role or user, or use credentials that have it.`,
    };
  }
  if (name === "ResourceNotFoundException") {
    const missing = context.logGroups?.find((group) => text.includes(group)) ?? context.logGroups?.[0];
    const similar = missing && context.knownGroups ? similarNames(missing, context.knownGroups) : [];
    return {
      message: missing ? `log group "${missing}" does not exist in this account and region` : `not found: ${text}`,
      hint:
        similar.length > 0
          ? `Did you mean ${similar.map((s) => `"${s}"`).join(", ")}? (check --region too)`
          : "List the groups with `aws logs describe-log-groups`, and check --region and --profile.",
    };
  }
  if (name === "MalformedQueryException") {
    const location = (error as { queryCompileError?: { location?: { startCharOffset?: number; endCharOffset?: number } } })
      .queryCompileError?.location;
    return {
      message: `CloudWatch rejected the query: ${text}`,
      hint: "Fix the query at the marked place; `tolog queries check` validates saved queries offline.",
      queryLocation:
        location?.startCharOffset !== undefined
          ? { start: location.startCharOffset, end: Math.max(location.endCharOffset ?? location.startCharOffset, location.startCharOffset + 1) }
          : undefined,
    };
  }
  if (name === "InvalidParameterException") {
    // CloudWatch's own texts name the parameter: a filter pattern is --filter-pattern's, not the range's.
    const hint = /filter pattern/i.test(text)
      ? "Check --filter-pattern: CloudWatch's filter and pattern syntax (terms, \"quoted phrases\", { $.field = value } for JSON, %regex%)."
      : "Check the time range (--since/--start/--end) and the log group names.";
    return { message: `CloudWatch rejected a parameter: ${text}`, hint };
  }
  if (name === "LimitExceededException") {
    return {
      message: `CloudWatch limit reached: ${text}`,
      hint: "Too many queries are running in this account; wait for some to finish (`aws logs describe-queries --status Running`).",
    };
  }
  return describeNetworkError(error, context.env);
}

function permissionFor(operation?: string): string | undefined {
  return operation ? `logs:${operation}` : undefined;
}

/** Known groups like `name`: misspelt or in another case, then any that hold it as a part. */
function similarNames(name: string, known: string[]): string[] {
  const close = similarChoices(name, known);
  const lower = name.toLowerCase();
  const containing = known.filter((group) => group.toLowerCase().includes(lower) && !close.includes(group));
  return [...close, ...containing].slice(0, 3);
}

/**
 * The query with a caret line under the characters AWS pointed at (MalformedQueryException's
 * offsets count characters of the query string as sent).
 */
export function markQueryLocation(query: string, location: { start: number; end: number }): string {
  const out: string[] = [];
  let offset = 0;
  for (const line of query.split("\n")) {
    out.push(`  ${line}`);
    const lineEnd = offset + line.length;
    if (location.start <= lineEnd && location.end > offset) {
      const from = Math.max(location.start, offset) - offset;
      const to = Math.min(location.end, lineEnd + 1) - offset;
      out.push(`  ${" ".repeat(from)}${"^".repeat(Math.max(1, to - from))}`);
    }
    offset = lineEnd + 1;
  }
  return out.join("\n");
}
