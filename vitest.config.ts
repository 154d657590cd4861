import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and server tests start real processes; two workers keep a 2-core machine responsive.
    maxWorkers: 2,
    globalSetup: ["tests/e2e/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: { name: "core", include: ["tests/**/*.test.ts"], exclude: ["tests/e2e/**", "**/node_modules/**"], environment: "node" },
      },
      {
        // The browser tests play real games at test speed against a real server: run after the
        // rest, one file at a time, so two Chromiums and two game servers never fight over two
        // cores and make a timing-sensitive game miss its moment.
        extends: true,
        test: {
          name: "browser",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
