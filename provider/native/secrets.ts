/**
 * Secrets on the provider protocol: the engine sends secret values wrapped in a signature object
 * (it is told the provider accepts them), and takes back wrapped values as secret. The providers
 * work on plain values, so inputs are unwrapped on the way in, remembering which top-level
 * properties held a secret, and those properties (with the schema's credentials) are wrapped again
 * on the way out.
 */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Props = Record<string, unknown>;

function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Props)[SIG_KEY] === SECRET_SIG;
}

/** A copy without secret wrappers. */
export function unwrap(value: unknown): unknown {
  if (isSecret(value)) return unwrap(value.value);
  if (Array.isArray(value)) return value.map(unwrap);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrap(item)]));
  return value;
}

function holdsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsSecret);
  return false;
}

/** The plain properties, and the names of those that held a secret anywhere inside. */
export function unwrapProps(props: Props | undefined): { plain: Props; secretKeys: Set<string> } {
  const plain: Props = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of Object.entries(props ?? {})) {
    plain[key] = unwrap(value);
    if (holdsSecret(value)) secretKeys.add(key);
  }
  return { plain, secretKeys };
}

export function secretValue(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** The properties with each of `keys` present wrapped as a secret. */
export function wrapProps(props: Props, keys: Iterable<string>): Props {
  const wrapped = { ...props };
  for (const key of keys) if (wrapped[key] !== undefined && !isSecret(wrapped[key])) wrapped[key] = secretValue(wrapped[key]);
  return wrapped;
}
