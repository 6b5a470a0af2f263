// The CDK app's entry point: the only place that reads context and the environment.
import { App } from "aws-cdk-lib";
import { createStacks } from "../src/app.js";
import { ConfigError, type ContextKey, configFromContext } from "../src/config.js";

const app = new App();
try {
  createStacks(app, configFromContext((key: ContextKey) => app.node.tryGetContext(key), process.env));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`taskoverflow infra: ${error.message}`);
  process.exit(1);
}
app.synth();
