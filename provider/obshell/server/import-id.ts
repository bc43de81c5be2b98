import { Validator } from "../../resource/validation";
import { agentPort, clusterAgent, ipAddress } from "./check";
import type { AgentEndpoint } from "./types";

/**
 * The id `pulumi import` takes for an ObServer. Reading a server's membership needs an agent of
 * its cluster (not the server's own: deleting goes through another member), so the id names that
 * agent before the server; the root@sys password is a Provider setting, never part of an id.
 * IPv6 addresses go in brackets.
 */
export const OBSERVER_IMPORT_ID_FORMAT = "{agentHost}:{agentPort}/{ip}:{port}";
const EXAMPLE = "10.0.0.1:2886/10.0.0.4:2886";

export interface ObServerAddress {
  clusterAgent: AgentEndpoint;
  ip: string;
  port: number;
}

const HOST_PORT = /^(?:\[([^\]]+)\]|([^:/[\]]+)):(\d{1,5})$/;

function hostPort(text: string): AgentEndpoint | undefined {
  const match = HOST_PORT.exec(text);
  return match ? { host: match[1] ?? match[2], port: Number(match[3]) } : undefined;
}

/** The cluster agent and the server an import id names; a malformed id throws, saying the format. */
export function parseObServerImportId(id: string): ObServerAddress {
  const parts = id.split("/");
  const agent = parts.length === 2 ? hostPort(parts[0]) : undefined;
  const server = parts.length === 2 ? hostPort(parts[1]) : undefined;
  if (!agent || !server) {
    throw new Error(
      `ObServer import id must be ${OBSERVER_IMPORT_ID_FORMAT}: an agent of the cluster (not the server's own), then the server's IP and agent port, ` +
        `e.g. ${EXAMPLE} (IPv6 in brackets); got "${id}". The root@sys password comes from the provider's obshellPassword setting (or OBSHELL_PASSWORD)`,
    );
  }
  const address = { clusterAgent: agent, ip: server.host, port: server.port };
  const { failures } = new Validator(address).check("clusterAgent", clusterAgent).check("ip", ipAddress).check("port", agentPort);
  if (failures.length) throw new Error(`ObServer import id "${id}": ${failures.map((failure) => failure.reason).join("; ")}`);
  return address;
}
