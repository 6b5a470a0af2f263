/**
 * The module a worker thread of the parallel scan loads to read its parts of a local source
 * (`SourceSplit.module`): loaded by URL, so that it is an entry point of the bundle of its own.
 */
export { readPart } from "./scan-files.js";
