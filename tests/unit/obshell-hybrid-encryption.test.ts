import { execFileSync } from "child_process";
import { createPublicKey, generateKeyPairSync, randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { authenticate, authVersionFor, compareVersions } from "../../provider/obshell/client/auth";
import { aesEncrypt, agentPublicKey, encodeAesMaterial, freshAesMaterial, rsaEncryptChunks, RSA_CHUNK_BYTES } from "../../provider/obshell/client/crypto";
import { aesDecrypt, generateAgentKeys, rsaDecryptChunks } from "../../simulator/obshell/crypto";

/**
 * Vectors derived independently: what Node encrypts, OpenSSL decrypts, and what OpenSSL
 * encrypts, the simulated agent decrypts. Neither side is checked only against itself.
 */
const OPENSSL = "/usr/bin/openssl";
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "obshell-crypto-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const openssl = (args: string[], input?: Buffer) => execFileSync(OPENSSL, args, { input });
const file = (name: string, data: Buffer | string) => {
  const target = path.join(dir, name);
  fs.writeFileSync(target, data);
  return target;
};

function keyPair(bits: number) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return {
    pem: file(`key-${bits}.pem`, privateKey.export({ type: "pkcs8", format: "pem" })),
    publicPem: file(`pub-${bits}.pem`, publicKey.export({ type: "spki", format: "pem" })),
    publicBase64: publicKey.export({ type: "pkcs1", format: "der" }).toString("base64"),
    privateKey,
  };
}

/** OpenSSL's PKCS#1 v1.5 decryption, block by block. */
function opensslRsaDecrypt(pem: string, base64: string, blockBytes: number): string {
  const data = Buffer.from(base64, "base64");
  expect(data.length % blockBytes).toBe(0);
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += blockBytes) {
    const block = file(`block-${offset}`, data.subarray(offset, offset + blockBytes));
    parts.push(openssl(["pkeyutl", "-decrypt", "-inkey", pem, "-pkeyopt", "rsa_padding_mode:pkcs1", "-in", block]));
  }
  return Buffer.concat(parts).toString("utf8");
}

describe("RSA PKCS#1 v1.5 in chunks", () => {
  test.each([512, 1024, 2048])("Node encrypts with a %i-bit key, OpenSSL decrypts", (bits) => {
    const keys = keyPair(bits);
    const plaintext = JSON.stringify({ auth: "Root#Sys2024", ts: "1767225600", uri: "/api/v1/task/dag/11?show_details=true", keys: randomBytes(32).toString("base64") });
    expect(Buffer.byteLength(plaintext)).toBeGreaterThan(RSA_CHUNK_BYTES * 2);
    const encrypted = rsaEncryptChunks(agentPublicKey(keys.publicBase64), plaintext);
    expect(Buffer.from(encrypted, "base64").length).toBe(Math.ceil(Buffer.byteLength(plaintext) / RSA_CHUNK_BYTES) * (bits / 8));
    expect(opensslRsaDecrypt(keys.pem, encrypted, bits / 8)).toBe(plaintext);
  });

  test("OpenSSL encrypts, the agent decrypts (raw RSA and its own padding check)", () => {
    const agent = generateAgentKeys(1024);
    const pub = file("agent-pub.pem", createPublicKey({ key: Buffer.from(agent.publicKeyBase64, "base64"), format: "der", type: "pkcs1" }).export({ type: "spki", format: "pem" }));
    const chunks = ['{"auth":"Root#Sys2024","ts":"1767225600","uri":"/api', '/v1/ob/info","keys":"' + "A".repeat(20) + '"}'];
    const encrypted = Buffer.concat(chunks.map((chunk) => openssl(["pkeyutl", "-encrypt", "-pubin", "-inkey", pub, "-pkeyopt", "rsa_padding_mode:pkcs1"], Buffer.from(chunk)))).toString("base64");
    expect(rsaDecryptChunks(agent, encrypted).toString("utf8")).toBe(chunks.join(""));
  });

  test("the agent refuses a block that is not PKCS#1 type 2, and a ciphertext of the wrong length", () => {
    const agent = generateAgentKeys(1024);
    expect(() => rsaDecryptChunks(agent, Buffer.alloc(128, 0).toString("base64"))).toThrow(/PKCS#1/);
    expect(() => rsaDecryptChunks(agent, randomBytes(100).toString("base64"))).toThrow(/whole number/);
  });
});

describe("AES-128-CBC bodies", () => {
  const body = JSON.stringify({ agentInfo: { ip: "10.10.10.4", port: 2886 }, obConfigs: { mysql_port: "2881", rpc_port: "2882" }, zone: "zone2" });

  test("Node encrypts, OpenSSL decrypts with the key and IV from `keys`", () => {
    const material = freshAesMaterial();
    const keys = Buffer.from(encodeAesMaterial(material), "base64");
    expect(keys.length).toBe(32);
    const decrypted = openssl(["enc", "-d", "-aes-128-cbc", "-K", keys.subarray(0, 16).toString("hex"), "-iv", keys.subarray(16).toString("hex"), "-base64", "-A"], Buffer.from(aesEncrypt(material, body)));
    expect(decrypted.toString("utf8")).toBe(body);
  });

  test("OpenSSL encrypts, the agent decrypts", () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const encrypted = openssl(["enc", "-aes-128-cbc", "-K", key.toString("hex"), "-iv", iv.toString("hex"), "-base64", "-A"], Buffer.from(body)).toString("utf8");
    expect(aesDecrypt(Buffer.concat([key, iv]).toString("base64"), encrypted).toString("utf8")).toBe(body);
  });
});

describe("the request a client sends", () => {
  test("v2: the header carries password, expiry, the exact uri and the body's key; the body is ciphertext", () => {
    const keys = keyPair(1024);
    const nowMs = 1_767_225_600_000;
    const signed = authenticate({ version: "v2", publicKey: agentPublicKey(keys.publicBase64), password: "Root#Sys2024", uri: "/api/v1/ob/scale_out", body: { zone: "zone2" }, nowMs });
    const header = JSON.parse(opensslRsaDecrypt(keys.pem, signed.headers["X-OCS-Header"], 128));
    expect(header).toMatchObject({ auth: "Root#Sys2024", uri: "/api/v1/ob/scale_out" });
    expect(Number(header.ts)).toBeGreaterThan(nowMs / 1000);
    expect(typeof header.ts).toBe("string");
    expect(signed.body).not.toContain("zone2");
    const material = Buffer.from(header.keys, "base64");
    const body = openssl(["enc", "-d", "-aes-128-cbc", "-K", material.subarray(0, 16).toString("hex"), "-iv", material.subarray(16).toString("hex"), "-base64", "-A"], Buffer.from(signed.body!));
    expect(JSON.parse(body.toString("utf8"))).toEqual({ zone: "zone2" });
  });

  test("v1: X-OCS-Auth carries {password, ts}; the body is plain JSON", () => {
    const keys = keyPair(512);
    const signed = authenticate({ version: "v1", publicKey: agentPublicKey(keys.publicBase64), password: "Root#Sys2024", uri: "/api/v1/ob/info", body: { a: 1 }, nowMs: 0 });
    expect(JSON.parse(opensslRsaDecrypt(keys.pem, signed.headers["X-OCS-Auth"], 64))).toEqual({ password: "Root#Sys2024", ts: "30" });
    expect(signed.body).toBe('{"a":1}');
  });

  test("v1 or v2 from supportedAuth, else from the version", () => {
    expect(authVersionFor({ version: "4.2.2.0" })).toBe("v1");
    expect(authVersionFor({ version: "4.2.3.0" })).toBe("v2");
    expect(authVersionFor({ version: "4.2.2.0", supportedAuth: ["v2"] })).toBe("v2");
    expect(authVersionFor({ version: "4.3.0.0", supportedAuth: ["v1"] })).toBe("v1");
    expect(() => authVersionFor({ version: "4.4.0.0", supportedAuth: ["v3"] })).toThrow(/v3/);
    expect(compareVersions("4.2.10", "4.2.9.1")).toBe(1);
    expect(compareVersions("4.2.5", "4.2.5.0")).toBe(0);
  });
});
