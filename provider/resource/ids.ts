/** Schemas and accounts are identified as `{instanceId}/{name}`. */
export function compositeId(instanceId: string, name: string): string {
  return `${instanceId}/${name}`;
}

export function splitCompositeId(id: string): { instanceId: string; name: string } {
  const slash = id.lastIndexOf("/");
  if (slash <= 0 || slash === id.length - 1) throw new Error(`"${id}" is not an id of the form {instanceId}/{name}`);
  return { instanceId: id.slice(0, slash), name: id.slice(slash + 1) };
}
