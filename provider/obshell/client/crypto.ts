import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes, type KeyObject } from "node:crypto";

/**
 * The client's side of OBShell's hybrid encryption (pure but for fresh randomness): RSA
 * PKCS#1 v1.5 public encryption in chunks the key can hold, and AES-128-CBC for bodies.
 */

/** Plaintext bytes per RSA block: 53 fits every key size agents use (512-bit keys hold 64 − 11). */
export const RSA_CHUNK_BYTES = 53;

/** `GET /api/v1/secret` answers base64 of a PKCS#1 DER public key. */
export function agentPublicKey(base64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(base64, "base64"), format: "der", type: "pkcs1" });
}

/** Base64 of the concatenated encryptions of each chunk of `plaintext`. */
export function rsaEncryptChunks(key: KeyObject, plaintext: string): string {
  const data = Buffer.from(plaintext, "utf8");
  const blocks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += RSA_CHUNK_BYTES) {
    blocks.push(publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data.subarray(offset, offset + RSA_CHUNK_BYTES)));
  }
  return Buffer.concat(blocks).toString("base64");
}

export interface AesMaterial {
  key: Buffer;
  iv: Buffer;
}

export function freshAesMaterial(): AesMaterial {
  return { key: randomBytes(16), iv: randomBytes(16) };
}

/** The header's `keys`: base64 of the key followed by the IV. */
export function encodeAesMaterial(material: AesMaterial): string {
  return Buffer.concat([material.key, material.iv]).toString("base64");
}

/** Base64 of AES-128-CBC with PKCS#7 padding. */
export function aesEncrypt(material: AesMaterial, plaintext: string): string {
  const cipher = createCipheriv("aes-128-cbc", material.key, material.iv);
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}
