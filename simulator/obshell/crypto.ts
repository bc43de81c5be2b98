import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt, type KeyObject } from "node:crypto";

/**
 * The agent's side of OBShell's hybrid encryption: an RSA key pair whose public half it hands
 * out, RSA PKCS#1 v1.5 decryption of the header chunk by chunk, and AES-128-CBC for bodies.
 * Node refuses PKCS#1 v1.5 private decryption (CVE-2023-46809), so each block is decrypted raw
 * and its padding checked here.
 */

export interface AgentKeys {
  privateKey: KeyObject;
  /** What `GET /api/v1/secret` answers: base64 of the PKCS#1 DER public key. */
  publicKeyBase64: string;
  /** Bytes per RSA block. */
  blockBytes: number;
}

export function generateAgentKeys(bits: 512 | 1024 | 2048): AgentKeys {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return {
    privateKey,
    publicKeyBase64: publicKey.export({ type: "pkcs1", format: "der" }).toString("base64"),
    blockBytes: bits / 8,
  };
}

export class DecryptError extends Error {}

/** EME-PKCS1-v1_5: 0x00 0x02, at least eight nonzero padding bytes, 0x00, the message. */
function removePkcs1Padding(block: Buffer): Buffer {
  if (block[0] !== 0x00 || block[1] !== 0x02) throw new DecryptError("bad PKCS#1 block type");
  const separator = block.indexOf(0x00, 2);
  if (separator < 10) throw new DecryptError("bad PKCS#1 padding");
  return block.subarray(separator + 1);
}

/** The concatenation of RSA blocks, each decrypted and unpadded. */
export function rsaDecryptChunks(keys: AgentKeys, base64: string): Buffer {
  const data = Buffer.from(base64, "base64");
  if (data.length === 0 || data.length % keys.blockBytes !== 0) throw new DecryptError(`ciphertext of ${data.length} bytes is not a whole number of ${keys.blockBytes}-byte blocks`);
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += keys.blockBytes) {
    let block: Buffer;
    try {
      block = privateDecrypt({ key: keys.privateKey, padding: constants.RSA_NO_PADDING }, data.subarray(offset, offset + keys.blockBytes));
    } catch (error) {
      throw new DecryptError(`RSA decryption failed: ${(error as Error).message}`);
    }
    parts.push(removePkcs1Padding(block));
  }
  return Buffer.concat(parts);
}

/** `keys` is base64 of a 16-byte AES key followed by a 16-byte IV. */
export function aesDecrypt(keysBase64: string, bodyBase64: string): Buffer {
  const material = Buffer.from(keysBase64, "base64");
  if (material.length !== 32) throw new DecryptError(`keys must hold 32 bytes (key and IV), got ${material.length}`);
  try {
    const decipher = createDecipheriv("aes-128-cbc", material.subarray(0, 16), material.subarray(16));
    return Buffer.concat([decipher.update(Buffer.from(bodyBase64, "base64")), decipher.final()]);
  } catch (error) {
    throw new DecryptError(`AES decryption failed: ${(error as Error).message}`);
  }
}
