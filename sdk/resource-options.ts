import type * as pulumi from "@pulumi/pulumi";
import { IMPORT_KEY } from "../provider/resource/adoption";

/**
 * The inputs and options a DDM resource hands Pulumi. Two options need help from us: `import`,
 * because Pulumi cannot import into a dynamic provider (pulumi/pulumi#16175), travels as an
 * input the provider's create adopts instead; and the outputs that hold credentials are added
 * to `additionalSecretOutputs`, so they are secret in state whatever the user passed.
 */
export function resourceArgs(
  props: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: string[],
): [Record<string, unknown>, pulumi.CustomResourceOptions] {
  const { import: importId, ...options } = opts ?? {};
  return [
    importId === undefined ? props : { ...props, [IMPORT_KEY]: importId },
    { ...options, additionalSecretOutputs: [...(options.additionalSecretOutputs ?? []), ...secretOutputs] },
  ];
}
