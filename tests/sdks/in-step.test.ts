import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeWithTool, filesUnder, generateSdks, SCHEMA, SDKS } from "./toolchain";

/**
 * The committed SDKs (sdks/nodejs, sdks/python, sdks/go) are exactly what tools/sdkgen generates
 * from plugin/schema.json: a schema change without `npm run sdks`, or a hand edit of generated
 * code, fails here, naming the files.
 */
jest.setTimeout(600_000);

describeWithTool("go", "tools/sdkgen is a Go program", "the generated SDKs", () => {
  let fresh: string;
  beforeAll(() => {
    fresh = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-sdks-"));
    generateSdks(fresh);
  });
  afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));

  test.each(["nodejs", "python", "go"])("sdks/%s is in step with plugin/schema.json", (language) => {
    const committed = path.join(SDKS, language);
    const generated = path.join(fresh, language);
    const names = [...new Set([...filesUnder(committed), ...filesUnder(generated)])].sort();
    const differing = names.filter((name) => {
      const read = (dir: string) => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), "utf8") : undefined);
      return read(committed) !== read(generated);
    });
    if (differing.length > 0) {
      throw new Error(`sdks/${language} is not what ${path.relative(process.cwd(), SCHEMA)} generates: run \`npm run sdks\`. Differing: ${differing.join(", ")}`);
    }
    expect(names.length).toBeGreaterThan(0);
  });
});
