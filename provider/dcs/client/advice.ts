import type { ServiceProfile } from "../../cloud/service";

/**
 * The DCS codes the Terraform provider waits out and retries (DCS-FACTS.md): the instance is not
 * RUNNING, or another operation (or the billing order of one) is in progress.
 */
const BUSY_CODES = [
  "DCS.4026",
  "DCS.4049",
  "DCS.4096",
  "DCS.4097",
  "DCS.4111",
  "DCS.4113",
  "DCS.4114",
  "DCS.4115",
  "DCS.4116",
  "DCS.4117",
  "DCS.4118",
  "DCS.4120",
  "DCS.4121",
  "DCS.4231",
  "DCS.4975",
  "CBC.99003651",
];

const BUSY_ADVICE = "The cache instance is not RUNNING or another operation is in progress on it; wait for it to finish and retry.";

export const DCS_ADVICE: Readonly<Record<string, string>> = {
  ...Object.fromEntries(BUSY_CODES.map((code) => [code, BUSY_ADVICE])),
  "CBC.99003651": "The billing system is processing another order for this instance; wait for it to finish and retry.",
};

/** DCS as the shared core sees it. */
export const DCS_SERVICE: ServiceProfile = {
  name: "DCS",
  advice: DCS_ADVICE,
  busyCodes: new Set(BUSY_CODES),
  unavailableCodes: new Set(),
  notFoundCodes: new Set(),
};
