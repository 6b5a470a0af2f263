/** A source path that names nothing readable; the CLI turns it into a user error. */
export class SourcePathError extends Error {
  override name = "SourcePathError";
  constructor(
    readonly sourcePath: string,
    message: string,
  ) {
    super(message);
  }
}
