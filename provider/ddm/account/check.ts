import {
  all,
  identifier,
  isString,
  length,
  listOf,
  matches,
  nonEmpty,
  oneOf,
  optional,
  password,
  required,
  Validator,
  type CheckFailure,
} from "../../resource/validation";
import { compositeImportId, IMPORT_KEY } from "../../resource/adoption";
import { ACCOUNT_INPUT_KEYS, PERMISSIONS } from "./types";

export function checkAccount(news: Record<string, unknown>): CheckFailure[] {
  return new Validator(news)
    .onlyKnown([...ACCOUNT_INPUT_KEYS, IMPORT_KEY])
    .check("instanceId", required, identifier)
    .check(
      "name",
      required,
      isString,
      length(1, 32),
      matches(/^[A-Za-z]/, "must start with a letter"),
      matches(/^[A-Za-z0-9_]+$/, "may contain only letters, digits and underscores"),
    )
    .check("password", required, password)
    .check("permissions", required, listOf(all(isString, oneOf(PERMISSIONS)), { min: 1, unique: true }))
    .check("schemas", optional(listOf(all(isString, nonEmpty, length(1, 48)), { unique: true })))
    .check("description", optional(isString, length(0, 256)))
    .check(IMPORT_KEY, optional(compositeImportId)).failures;
}
