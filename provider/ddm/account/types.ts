export const PERMISSIONS = ["CREATE", "DROP", "ALTER", "INDEX", "INSERT", "DELETE", "UPDATE", "SELECT"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface AccountInputs {
  instanceId: string;
  name: string;
  password: string;
  permissions: Permission[];
  schemas?: string[];
  description?: string;
}

export interface AccountOutputs extends AccountInputs {
  status?: string;
  created?: number;
  passwordLastChanged?: number;
  extendedPermissions: string[];
}

export const ACCOUNT_INPUT_KEYS = ["instanceId", "name", "password", "permissions", "schemas", "description"] as const satisfies ReadonlyArray<
  keyof AccountInputs
>;
