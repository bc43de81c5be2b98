import { randomBytes } from "node:crypto";

/** Resource ids as the service spells them: 32 hex digits and a type suffix (in09 instance, no09 node, gr09 group, in01 RDS). */
export function hexId(suffix: "in09" | "no09" | "gr09" | "in01"): string {
  return `${randomBytes(16).toString("hex")}${suffix}`;
}

/** Hands out distinct private addresses from one /16, in order. */
export class AddressPool {
  private next = 0;

  constructor(private readonly prefix: string) {}

  take(): string {
    const n = this.next++;
    return `${this.prefix}.${Math.floor(n / 250) % 256}.${(n % 250) + 2}`;
  }
}
