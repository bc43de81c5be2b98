import type { ServiceProfile } from "../../cloud/service";

/**
 * What to do about the DDM error codes in the API reference's appendix, in our own words.
 * Attached to errors so a failed pipeline says what to try next.
 */
export const DBS_ADVICE: Readonly<Record<string, string>> = {
  "DBS.280001": "A request parameter is invalid; check the resource's inputs against the API rules.",
  "DBS.200019": "Another operation is running on the instance; wait for it to be RUNNING and retry.",
  "DBS.212033": "Another operation is running on the instance; wait for it to be RUNNING and retry.",
  "DBS.200076": "The instance and its nodes must be available; check for running or failed operations first.",
  "DBS.200057": "The parameter template id is invalid.",
  "DBS.280305": "The security group id is invalid.",
  "DBS.300002": "The service failed; try again later.",
  "DBS.300005": "The service could not process the request; contact Huawei Cloud support.",
  "DBS.300100": "Schema creation failed: check the instance is RUNNING, the RDS instances are not being scaled, and the schema name is unused.",
  "DBS.300101": "Schema deletion failed: check the schema still exists and its RDS instances are healthy.",
  "DBS.300102": "The number of RDS instances for the schema is invalid.",
  "DBS.300103": "The RDS instance does not exist or is not in the DDM instance's VPC.",
  "DBS.300104": "The schema's sharding rule is invalid: check shardMode, shardNumber and shardUnit.",
  "DBS.300106": "The number of shards per RDS instance (shardUnit) is invalid.",
  "DBS.300107": "The accounts in the request are duplicated.",
  "DBS.300108": "The same RDS instance is listed twice.",
  "DBS.300109": "The schema name is invalid.",
  "DBS.300110": "The RDS instance's status does not allow associating it with a schema.",
  "DBS.300112": "A schema with this name already exists on the instance.",
  "DBS.300113": "Creating the physical databases failed: check the RDS administrator and password.",
  "DBS.300114": "The RDS administrator or password is incorrect.",
  "DBS.300115": "Deleting a shard failed: if its RDS instance was deleted, synchronize data node information and retry.",
  "DBS.300116": "Listing available RDS instances failed; check the RDS service.",
  "DBS.300117": "Reading the associated RDS instances failed; check the RDS service.",
  "DBS.300118": "Configuring the schema's shards failed; check the request.",
  "DBS.300127": "The total number of shards over the RDS instances is invalid.",
  "DBS.300129": "The schema was not found.",
  "DBS.300130": "The schema is not RUNNING.",
  "DBS.300300": "Creating the account failed: check the instance and the schemas it names exist.",
  "DBS.300301": "Updating the account failed: check the account and its schemas exist and the password meets the rules.",
  "DBS.300302": "Deleting the account failed; check the instance is running.",
  "DBS.300305": "The account name is invalid.",
  "DBS.300306": "The account password does not meet the password rules.",
  "DBS.300307": "The account description is longer than 256 characters.",
  "DBS.300309": "The account's permissions are invalid.",
  "DBS.300310": "The account's extended permissions are invalid.",
  "DBS.300311": "An account with this name already exists on the instance.",
  "DBS.300312": "Reading the account failed; check the instance is running.",
  "DBS.300323": "The associated RDS instance is unavailable or busy.",
  "DBS.300327": "The account does not exist.",
  "DBS.300328": "Resetting the password failed: check the account exists.",
  "DBS.300355": "Schema creation failed on the service side; contact support with the request id.",
  "DBS.300356": "DDM cannot connect to the RDS instance; check the RDS service.",
  "DBS.300357": "The RDS administrator or password is incorrect.",
  "DBS.300371": "This engine version is a test version; use a stable engine.",
  "DBS.300375": "A parameter is invalid.",
  "DBS.300376": "The time zone is invalid.",
  "DBS.300405": "The schema name must be 2 to 48 characters.",
  "DBS.300406": "The schema name must not be a reserved name (information_schema, mysql, performance_schema, sys).",
  "DBS.300407": "The schema name must not contain uppercase letters.",
  "DBS.300541": "The credentials lack the permissions this operation needs.",
};

/** DDM as the shared core sees it: its advice, and what its codes mean. */
export const DDM_SERVICE: ServiceProfile = {
  name: "DDM",
  advice: DBS_ADVICE,
  /** DBS.200019 (HTTP 409), and DBS.212033 as the Terraform provider treats it. */
  busyCodes: new Set(["DBS.200019", "DBS.212033"]),
  /**
   * DBS.200076 (HTTP 400, "the instance and node must be in the Available state"): the
   * reference's answer while the instance is busy or otherwise not RUNNING (FACTS.md §3); the
   * instance's status says at once whether waiting can help (FROZEN cannot).
   */
  unavailableCodes: new Set(["DBS.200076"]),
  /** Answered with HTTP 400, as the reference's error table lists them: schema, account, task. */
  notFoundCodes: new Set(["DBS.300129", "DBS.300327", "DBS.300400"]),
};
