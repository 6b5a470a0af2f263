import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";

export interface AwsTarget {
  region?: string;
  profile?: string;
  /** e.g. `http://127.0.0.1:4588` for `tolog serve`; otherwise the SDK's own resolution. */
  endpointUrl?: string;
}

/** Used when nothing names a region but an endpoint is given: `tolog serve` accepts any. */
const REGION_FOR_CUSTOM_ENDPOINT = "us-east-1";

/**
 * The one place a CloudWatch Logs client is made. Credentials come from the SDK's standard
 * chain (environment, shared files and `--profile`, SSO, container and instance roles), except
 * that AWS_* variables of `env` win: the CLI passes its own environment (tests run `main()` with
 * one) and the SDK's chain only reads `process.env`. Retries are ours (retry.ts), so the SDK's
 * own are limited to one attempt to keep backoff in one place.
 */
export function createLogsClient(target: AwsTarget, env: Record<string, string | undefined> = process.env): CloudWatchLogsClient {
  silenceNodeVersionNotice();
  const region = target.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);
  const keyId = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  const fromEnv =
    target.profile === undefined && keyId && secret
      ? { accessKeyId: keyId, secretAccessKey: secret, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
      : undefined;
  const profile = target.profile ?? (env.AWS_PROFILE || undefined);
  const client = new CloudWatchLogsClient({
    region: region ?? (target.endpointUrl ? REGION_FOR_CUSTOM_ENDPOINT : undefined),
    profile,
    endpoint: target.endpointUrl,
    ...(fromEnv ? { credentials: fromEnv } : {}),
    maxAttempts: 1,
  });
  if (profile !== undefined && !fromEnv) client.middlewareStack.add((next) => (args) => next(args).catch((error: unknown) => Promise.reject(namingProfile(error, profile))), { step: "initialize", name: "tologNamesProfile" });
  return client;
}

/**
 * The SDK's chain says "Could not load credentials from any providers" when the profile it was
 * given is in no credentials or config file: the error is given the SDK's own wording for a
 * profile it did not find (errors.ts names the profile from it), where the user was otherwise
 * told to pass the --profile they had passed.
 */
function namingProfile(error: unknown, profile: string): unknown {
  if (!(error instanceof Error) || error.name !== "CredentialsProviderError" || /profile/i.test(error.message)) return error;
  error.message = `Could not resolve credentials using profile: [${profile}] in configuration/credentials file(s). (${error.message})`;
  return error;
}

/**
 * On Node older than 22, the SDK prints a 9-line NodeVersionSupportWarning (once per process)
 * when the first client is made: SDK versions published after January 2027 will need Node 22.
 * tolog supports Node 20 (package.json `engines`) and pins an SDK that runs on it, so users
 * are not told to upgrade by a dependency. The SDK's own switch turns off that warning and no
 * other (aws-sdk-js-v3 #7983); a value the user set is kept.
 */
export function silenceNodeVersionNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}
