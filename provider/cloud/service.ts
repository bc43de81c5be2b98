/**
 * What each Huawei Cloud service contributes to the shared core: how to read its error codes.
 * The transport, retries and errors are the same for every service; only these tables differ.
 */
export interface ServiceProfile {
  /** "DDM", "DCS", "IAM": names the service in settings errors. */
  readonly name: string;
  /** What to do about each of the service's error codes, in our own words. */
  readonly advice: Readonly<Record<string, string>>;
  /** "The resource is busy with another operation": retried by the transport, waited out by the caller. */
  readonly busyCodes: ReadonlySet<string>;
  /**
   * "The resource is not available" (not RUNNING, for whatever reason): busy to the caller, who
   * reads the status to see whether waiting can help, but not retried blindly by the transport.
   */
  readonly unavailableCodes: ReadonlySet<string>;
  /** Codes that mean "no such resource", whatever the HTTP status. */
  readonly notFoundCodes: ReadonlySet<string>;
}

/** IAM (tokens, projects): nothing to advise beyond the gateway's codes. */
export const IAM_SERVICE: ServiceProfile = { name: "IAM", advice: {}, busyCodes: new Set(), unavailableCodes: new Set(), notFoundCodes: new Set() };
