/**
 * Property values as they travel over Pulumi's gRPC protocol, and the passphrase secrets
 * manager that keeps their secret parts encrypted in the state file.
 *
 * The engine keeps every property map in this "wire" form: plain JSON where a secret is the
 * object `{[SIG_KEY]: SECRET_SIG, value}` and, during a preview, an unknown value is the string
 * `UNKNOWN`. The SDK sends and accepts exactly this form (see `runtime/rpc.js`), so nothing is
 * translated on the way in or out of the program.
 */
import * as crypto from "crypto";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type PropertyValue = null | boolean | number | string | PropertyValue[] | { [key: string]: PropertyValue };
export type PropertyMap = { [key: string]: PropertyValue };

export function isSecret(v: unknown): v is { value: PropertyValue } {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

export function makeSecret(v: PropertyValue): PropertyValue {
  return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

export function isObject(v: unknown): v is { [key: string]: PropertyValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function containsSecrets(v: PropertyValue | undefined): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isObject(v)) return Object.values(v).some(containsSecrets);
  return false;
}

/** The value with every secret marker removed: what a provider that does not accept secrets gets. */
export function removeSecrets<T extends PropertyValue>(v: T): T;
export function removeSecrets(v: PropertyValue): PropertyValue {
  if (isSecret(v)) return removeSecrets(v.value);
  if (Array.isArray(v)) return v.map(removeSecrets);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, removeSecrets(x)]));
  return v;
}

/**
 * Copies secretness from `ins` onto `outs` (in place), exactly as the engine does for a provider
 * that does not accept secrets: a key present in both is made secret when its input contained a
 * secret, recursing only where both sides are plain objects.
 */
export function annotateSecrets(outs: PropertyMap | undefined, ins: PropertyMap | undefined): void {
  if (!outs || !ins) return;
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in outs)) continue;
    const outValue = outs[key];
    if (isObject(outValue) && !isSecret(outValue) && isObject(inValue) && !isSecret(inValue)) {
      annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      outs[key] = makeSecret(outValue);
    }
  }
}

/** Deep equality of two wire values (secret markers included). */
export function deepEqual(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The passphrase secrets manager. Like the CLI's, it derives an AES-256-GCM key from the
 * passphrase and a per-stack salt, and stores each secret as `v1:<nonce>:<ciphertext+tag>`.
 * (The CLI uses PBKDF2 with a million rounds; scrypt keeps every test run fast. The files are
 * therefore not interchangeable with the CLI's.)
 */
export class PassphraseCrypter {
  private constructor(
    private readonly key: Buffer,
    /** What the state file records so the same passphrase can be checked and reused. */
    readonly saltState: string,
  ) {}

  static create(passphrase: string): PassphraseCrypter {
    const salt = crypto.randomBytes(8);
    const key = deriveKey(passphrase, salt);
    return new PassphraseCrypter(key, `v1:${salt.toString("base64")}:${encrypt(key, "pulumi")}`);
  }

  /** Re-opens a stack's secrets; throws when the passphrase is not the one the stack was made with. */
  static open(passphrase: string, saltState: string): PassphraseCrypter {
    const [version, salt, ...check] = saltState.split(":");
    if (version !== "v1" || !salt || check.length === 0) throw new Error(`unrecognised secrets salt state: ${saltState}`);
    const key = deriveKey(passphrase, Buffer.from(salt, "base64"));
    try {
      decrypt(key, check.join(":"));
    } catch {
      throw new Error("incorrect passphrase for this stack's secrets");
    }
    return new PassphraseCrypter(key, saltState);
  }

  encrypt(plaintext: string): string {
    return encrypt(this.key, plaintext);
  }

  decrypt(ciphertext: string): string {
    return decrypt(this.key, ciphertext);
  }

  /** Wire form -> state-file form: every secret becomes `{sig, ciphertext}` of its JSON value. */
  seal(v: PropertyValue): PropertyValue {
    if (isSecret(v)) return { [SIG_KEY]: SECRET_SIG, ciphertext: this.encrypt(JSON.stringify(v.value)) };
    if (Array.isArray(v)) return v.map((x) => this.seal(x));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.seal(x)]));
    return v;
  }

  /** State-file form -> wire form. */
  unseal(v: PropertyValue): PropertyValue {
    if (isObject(v) && v[SIG_KEY] === SECRET_SIG && typeof v.ciphertext === "string") {
      return makeSecret(JSON.parse(this.decrypt(v.ciphertext)) as PropertyValue);
    }
    if (Array.isArray(v)) return v.map((x) => this.unseal(x));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.unseal(x)]));
    return v;
  }
}

function deriveKey(passphrase: string, salt: Buffer): Buffer {
  return crypto.scryptSync(passphrase, salt, 32);
}

function encrypt(key: Buffer, plaintext: string): string {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1:${nonce.toString("base64")}:${body.toString("base64")}`;
}

function decrypt(key: Buffer, ciphertext: string): string {
  const [version, nonce, body] = ciphertext.split(":");
  if (version !== "v1" || !nonce || !body) throw new Error("malformed ciphertext");
  const bytes = Buffer.from(body, "base64");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64"));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString("utf8");
}
