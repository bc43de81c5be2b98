import type { ThrottledEvent } from "./transport";

/**
 * What the run's output says when throttling cost an operation a lot (half a window or more):
 * once per process, as it is about the credential, not about one resource.
 */
export function throttleNotice(report: (line: string) => void): (event: ThrottledEvent) => void {
  let told = false;
  return (event) => {
    if (told || event.operationWaitedMs < event.windowMs / 2) return;
    told = true;
    report(throttleMessage(event));
  };
}

export function throttleMessage(event: ThrottledEvent): string {
  const per = event.windowMs === 60_000 ? "a minute" : `per ${event.windowMs / 1000} s`;
  return (
    `pulumi-ddm: ${event.operation} waited ${Math.round(event.operationWaitedMs / 1000)} s for the service's rate limit (HTTP 429 APIG.0308). ` +
    `The limit, ${event.limit} calls ${per}, belongs to the credential and is shared by every run using it (other stacks, pipelines, machines); ` +
    "the provider slows down rather than fail. To go faster, run fewer stacks at once with this credential or give them their own; " +
    "ddm:maxRequestsPerMinute stays the ceiling of each run."
  );
}

/** The process's notice, shared by every session. */
export const noticeThrottling = throttleNotice((line) => process.stderr.write(`${line}\n`));
