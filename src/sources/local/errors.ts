import { UserError } from "../../shared/errors.js";

/**
 * A source path that names nothing readable, or holds no log file: a user error (exit 1), also
 * when it is found while a query reads (a directory emptied meanwhile).
 */
export class SourcePathError extends UserError {
  constructor(
    readonly sourcePath: string,
    message: string,
  ) {
    super(message);
  }
}
