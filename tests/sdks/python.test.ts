import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeWithTool, filesUnder, readmeExample, run, SDKS } from "./toolchain";

/**
 * The generated Python SDK byte-compiles (no package index here to install `pulumi` from, so it
 * cannot be imported). The compiled files go to a temporary PYTHONPYCACHEPREFIX, not the checkout.
 */
jest.setTimeout(120_000);

describeWithTool(
  "python3",
  "the Python SDK is byte-compiled with python3 -m compileall",
  "the generated Python SDK",
  () => {
    test("sdks/python byte-compiles, every module", () => {
      const sdk = path.join(SDKS, "python");
      const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-pyc-"));
      try {
        run("python3", ["-m", "compileall", "-q", "-f", sdk], { env: { ...process.env, PYTHONPYCACHEPREFIX: prefix } });
        const modules = filesUnder(sdk).filter((file) => file.endsWith(".py"));
        const compiled = filesUnder(prefix).filter((file) => file.endsWith(".pyc"));
        expect(modules).toContain(path.join("pulumi_ddm", "ddm_instance.py"));
        expect(compiled).toHaveLength(modules.length);
      } finally {
        fs.rmSync(prefix, { recursive: true, force: true });
      }
    });

    test("the README's Python example compiles", () => {
      const example = readmeExample("python");
      expect(example).toContain("ddm.DdmInstance(");
      run("python3", ["-c", "import sys; compile(sys.stdin.read(), 'README.md', 'exec')"], { input: example });
    });
  },
  false,
);
