import { invalidParameter } from "./errors.js";

/**
 * Reading request members with the checks CloudWatch applies to them, so that a bad request
 * gets the same InvalidParameterException a real endpoint would give instead of a crash.
 */
export type Body = Record<string, unknown>;

export function optionalString(body: Body, name: string, max = Infinity): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidParameter(`${name} must be a string.`);
  if (value.length > max) throw invalidParameter(`${name} must be at most ${max} characters.`);
  return value;
}

export function requiredString(body: Body, name: string, max = Infinity): string {
  const value = optionalString(body, name, max);
  if (value === undefined || value === "") {
    throw invalidParameter(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function optionalNumber(body: Body, name: string, min = -Infinity, max = Infinity): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalidParameter(`${name} must be a number.`);
  if (value < min || value > max) {
    throw invalidParameter(
      `1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return value;
}

export function requiredNumber(body: Body, name: string, min = -Infinity, max = Infinity): number {
  const value = optionalNumber(body, name, min, max);
  if (value === undefined) {
    throw invalidParameter(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function optionalBoolean(body: Body, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidParameter(`${name} must be a boolean.`);
  return value;
}

export function optionalStringList(body: Body, name: string, maxItems = Infinity): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalidParameter(`${name} must be a list of strings.`);
  }
  if (value.length > maxItems) {
    throw invalidParameter(
      `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must have length less than or equal to ${maxItems}`,
    );
  }
  return value as string[];
}

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

export function checkGroupName(name: string, member = "logGroupName"): string {
  if (!GROUP_NAME.test(name)) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
    );
  }
  return name;
}

export function checkStreamName(name: string): string {
  // isWellFormed: a lone surrogate cannot be stored as UTF-8, so it could not come back as sent.
  if (name.length < 1 || name.length > 512 || /[:*]/.test(name) || !name.isWellFormed()) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
    );
  }
  return name;
}

/**
 * The log group a request names: `logGroupName`, or `logGroupIdentifier` (a name or an ARN),
 * exactly one of them.
 */
export function groupOf(body: Body, required = true): string | undefined {
  const name = optionalString(body, "logGroupName");
  const identifier = optionalString(body, "logGroupIdentifier");
  if (name !== undefined && identifier !== undefined) {
    throw invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  if (identifier !== undefined) return checkGroupName(groupNameFromIdentifier(identifier), "logGroupIdentifier");
  if (name !== undefined) return checkGroupName(name);
  if (required) throw invalidParameter("Either logGroupName or logGroupIdentifier must be specified.");
  return undefined;
}

/** `arn:aws:logs:region:account:log-group:NAME` (with or without `:*`) or a plain name. */
export function groupNameFromIdentifier(identifier: string): string {
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier);
  return match ? match[1] : identifier;
}
