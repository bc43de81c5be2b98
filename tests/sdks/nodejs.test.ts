import * as fs from "fs";
import * as path from "path";
import { filesUnder, REPO, run, SDKS } from "./toolchain";

/**
 * The generated Node.js SDK type-checks with its own tsconfig.json against the project's
 * @pulumi/pulumi, every one of its TypeScript files included.
 */
jest.setTimeout(300_000);

test("sdks/nodejs type-checks against the project's @pulumi/pulumi", () => {
  const sdk = path.join(SDKS, "nodejs");
  const tsc = require.resolve("typescript/bin/tsc");
  const listed = run(process.execPath, [tsc, "-p", path.join(sdk, "tsconfig.json"), "--noEmit", "--listFiles"])
    .stdout.split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

  const sources = filesUnder(sdk).filter((file) => file.endsWith(".ts"));
  expect(sources).toContain("ddmInstance.ts");
  expect(listed).toEqual(expect.arrayContaining(sources.map((file) => path.join(sdk, file))));
  expect(listed).toContain(fs.realpathSync(path.join(REPO, "node_modules", "@pulumi", "pulumi", "index.d.ts")));
});
