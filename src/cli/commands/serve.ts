import { defineCommand } from "../command.js";
import { UsageError, UserError } from "../../shared/errors.js";
import { DEFAULT_PORT } from "../../serve/default-port.js";
import { exitCodeForSignal, receivedSignal, whileStoppable } from "../../shared/signals.js";

export const serveCommand = defineCommand({
  command: "serve",
  describe: "Run a local CloudWatch Logs endpoint that stores events and answers Logs Insights queries",
  examples: [
    ["$0 serve", "on http://127.0.0.1:4588, storing events in .tolog/cloudwatch"],
    ["$0 serve --port 0 --dir /tmp/cw", "any free port, another directory"],
    // Two short fault lists rather than one: a word wider than the examples' column is cut mid-way.
    ["$0 serve --inject throttle=0.2,fail=0.05", "throttled and failing at random, for tests of retries"],
    ["$0 serve --inject latency=300ms,query-time=2s", "slow answers, and queries that take 2 s"],
  ],
  epilogue:
    "Any AWS SDK, the AWS CLI or watchtower can write to it and query it (set AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).\n" +
    "Its directory has the layout tolog query --logs reads, so both see the same events.",
  args: {
    // Read as text, so that a value that is no port can be quoted back as typed (a number is NaN).
    port: { type: "string", default: DEFAULT_PORT, requiresArg: true, describe: "Port to listen on, 0-65535 (0: any free port)" },
    host: { type: "string", default: "127.0.0.1", requiresArg: true, describe: "Address to listen on" },
    dir: { type: "string", default: ".tolog/cloudwatch", requiresArg: true, describe: "Where events are stored" },
    inject: {
      type: "string",
      requiresArg: true,
      describe: "Faults: throttle=P, fail=P (probabilities), latency=DURATION, query-time=DURATION, seed=N",
    },
    "max-queries": {
      type: "string",
      requiresArg: true,
      describe: "Queries running at once before StartQuery answers LimitExceededException (default 100)",
    },
    "log-requests": { type: "boolean", describe: "Print one line per request on stderr" },
  },
  async handler(args, ctx) {
    // Loaded here, not at start-up: other commands need none of the server.
    const { runServe, ServeProblem } = await import("../../serve/run.js");
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const signal = await whileStoppable(
      (name) => {
        ctx.info(`${name}: stopping (a second ${name} exits at once)`);
        stop();
      },
      async () => {
        try {
          await runServe(
            {
              port: args.port,
              host: args.host,
              dir: args.dir,
              ...(args.inject !== undefined ? { inject: args.inject } : {}),
              ...(args.maxQueries !== undefined ? { maxQueries: args.maxQueries } : {}),
              logRequests: args.logRequests === true,
            },
            { print: ctx.print, info: ctx.info },
            stopped,
          );
        } catch (error) {
          if (error instanceof ServeProblem) {
            throw error.usage ? new UsageError(error.message, { hint: error.hint }) : new UserError(error.message, { hint: error.hint });
          }
          throw error;
        }
        return receivedSignal();
      },
    );
    // It serves until a signal stops it: an interruption, with its exit code like every command.
    return signal === undefined ? 0 : exitCodeForSignal(signal);
  },
});
