/**
 * The module a worker thread reads a part of local files with (read-part.ts), by URL: a job
 * names it (`PartsSplit.module`), and a worker started before its job loads it while it waits
 * (src/cli/prestart.ts).
 */
export const READ_PART_URL = new URL("./read-part.js", import.meta.url).href;
