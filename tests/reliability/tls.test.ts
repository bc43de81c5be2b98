import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as path from "path";
import { HuaweiCloudError, DdmClient, resolveSettings } from "../../provider/ddm/client";

/**
 * TLS verification is never disabled: a server whose certificate does not verify gets no
 * request at all (and never the signature), and the failure is not retried.
 */
test("an untrusted certificate ends the request before anything is sent, without retries", async () => {
  const tls = path.join(__dirname, "..", "fixtures", "tls");
  let handshakes = 0;
  let requests = 0;
  const server = https.createServer({ key: fs.readFileSync(path.join(tls, "key.pem")), cert: fs.readFileSync(path.join(tls, "cert.pem")) }, (_req, res) => {
    requests++;
    res.end("{}");
  });
  server.on("connection", () => handshakes++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const client = new DdmClient(
      resolveSettings(undefined, { HW_DDM_ENDPOINT: url, HW_AUTH_URL: url, HW_PROJECT_ID: "p", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK-secret-value" }),
      { policy: { minTimeoutMs: 1, maxTimeoutMs: 5 } },
    );
    const error = (await client.listEngines().catch((e) => e)) as HuaweiCloudError;
    expect(error).toBeInstanceOf(HuaweiCloudError);
    expect(error.message).toMatch(/list engines failed: .*(SELF_SIGNED|CERT)/);
    expect(error.message).not.toContain("SK-secret-value");
    expect(requests).toBe(0);
    expect(handshakes).toBe(1);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
