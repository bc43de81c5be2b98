/**
 * Secrets must never reach logs, error messages or state. Every secret the process learns
 * (secret keys, tokens, passwords) is registered here, and text leaving the client passes
 * through `redact`, so a secret echoed back by a misbehaving server is masked as well.
 */

const MASK = "***";
const registered = new Set<string>();

/** Registers a value to be masked wherever it appears. Values shorter than 4 characters are ignored. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) registered.add(value);
}

const SECRET_FIELD = /("(?:[A-Za-z_]*password|adminPassword|secret_?key|token|securityToken)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

export function redact(text: string): string {
  let result = text.replace(SECRET_FIELD, `$1"${MASK}"`);
  for (const secret of registered) {
    if (result.includes(secret)) result = result.split(secret).join(MASK);
  }
  return result;
}

const SECRET_KEY = /password|secret|token/i;

/** Registers every string under a secret-sounding key of a request body (passwords of accounts, data nodes, the administrator). */
export function registerSecretsIn(value: unknown): void {
  if (Array.isArray(value)) value.forEach(registerSecretsIn);
  else if (value && typeof value === "object") {
    for (const [key, field] of Object.entries(value)) {
      if (typeof field === "string" && SECRET_KEY.test(key)) registerSecret(field);
      else registerSecretsIn(field);
    }
  }
}
