import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.{ts,tsx}", "service/test/**/*.test.ts", "infra/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Tests that make SDK clients of their own: no Node-version notice from the SDK (tolog's own
    // clients turn it off in src/cloudwatch/client.ts; src/cli/processes.test.ts checks that).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
