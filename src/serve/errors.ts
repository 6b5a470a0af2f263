/**
 * Errors in the shape CloudWatch Logs answers them over AWS JSON 1.1: an HTTP status, a body
 * `{"__type": "<Code>", "message": "..."}` plus any modelled members (e.g. `queryCompileError`),
 * and the `x-amzn-ErrorType` header. The AWS SDKs read the code from `__type` and build their
 * typed exceptions from it, so clients' error handling is exercised for real.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members of the modelled exception, serialised next to `message`. */
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }

  body(): Record<string, unknown> {
    return { __type: this.code, message: this.message, ...this.members };
  }
}

export const invalidParameter = (message: string): AwsError =>
  new AwsError("InvalidParameterException", message);

export const resourceNotFound = (message: string): AwsError =>
  new AwsError("ResourceNotFoundException", message);

export const resourceAlreadyExists = (message: string): AwsError =>
  new AwsError("ResourceAlreadyExistsException", message);

export const limitExceeded = (message: string): AwsError =>
  new AwsError("LimitExceededException", message);

export const throttling = (): AwsError => new AwsError("ThrottlingException", "Rate exceeded");

export const serviceUnavailable = (message = "The service is unavailable. Please try again."): AwsError =>
  new AwsError("ServiceUnavailableException", message, 500);

/** What AWS JSON services answer for a target they do not know (coral's own error). */
export const unknownOperation = (target: string): AwsError =>
  new AwsError("UnknownOperationException", `Unknown operation: ${target || "(no X-Amz-Target)"}`);

/** What AWS answers for a body that is not a JSON object. */
export const serializationError = (message: string): AwsError =>
  new AwsError("SerializationException", message);

export const malformedQuery = (message: string, start: number, end: number): AwsError =>
  new AwsError("MalformedQueryException", message, 400, {
    queryCompileError: { location: { startCharOffset: start, endCharOffset: end }, message },
  });

export const groupNotFound = (): AwsError => resourceNotFound("The specified log group does not exist.");
export const streamNotFound = (): AwsError => resourceNotFound("The specified log stream does not exist.");
