import { ConfigError, loadConfig } from "./config.js";
import { startServer } from "./server.js";

/** `npm start -w service`: validate the environment, start, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`taskoverflow: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const service = await startServer(config);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130); // a second Ctrl-C means "now"
    void service.stop(signal).then(() => process.exit(0));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

main().catch((err: unknown) => {
  // Start-up failures (port in use, database unreachable) are one line, not a stack.
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`taskoverflow: failed to start: ${message}\n`);
  process.exit(1);
});
