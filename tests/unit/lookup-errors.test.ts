import * as pulumi from "@pulumi/pulumi";
import * as util from "util";
import { getInstances, getSchemas, LookupError } from "../../sdk";

/**
 * A failed lookup reaches the Pulumi runtime from inside an apply (the Output forms) or from the
 * user's own code; the runtime prints it with util.inspect, which on Node 20 and 22 spun for
 * minutes over the `node_modules/@pulumi/output.ts` frames of an apply (nodejs/node#64011):
 * the program of a user who mistyped an argument hung before failing. The error must print at
 * once, and by message (a RunError). The Output forms, through the runtime, are driven by
 * tests/e2e/production.test.ts.
 */
test("a bad argument rejects with a RunError naming the argument and the rule, that prints at once", async () => {
  const error = await getInstances({ status: "R".repeat(70) }).catch((e: unknown) => e);
  expect(pulumi.RunError.isInstance(error)).toBe(true);
  expect(error).toBeInstanceOf(LookupError);
  expect(error).toMatchObject({ property: "status", message: "status: must be 1 to 64 characters long, got 70" });
  expect(util.inspect(error, { colors: true })).toContain("status: must be 1 to 64 characters long, got 70");
  expect((error as Error).stack).not.toMatch(/\n\s+at /);
});

test("a failed call rejects the same way", async () => {
  const error = await getSchemas({ instanceId: "x" }).catch((e: unknown) => e);
  expect(pulumi.RunError.isInstance(error)).toBe(true);
  expect((error as LookupError).property).toBeUndefined();
  expect((error as Error).message).not.toBe("");
  expect((error as Error).stack).not.toMatch(/\n\s+at /);
});
