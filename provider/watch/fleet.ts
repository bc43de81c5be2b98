import { principalOf, type Credentials } from "../cloud/settings";
import { watcherFor, type Watcher } from "./watcher";

/**
 * What a service follows its operations with, built once per client: the watcher of the client's
 * credential (shared by every service of that credential) and the feeds that read through it.
 */
export function fleetOf<C extends { settings: { credentials: Credentials } }, F>(feeds: (client: C) => F): (client: C) => F & { watcher: Watcher } {
  const fleets = new WeakMap<C, F & { watcher: Watcher }>();
  return (client) => {
    let fleet = fleets.get(client);
    if (!fleet) {
      fleet = { ...feeds(client), watcher: watcherFor(principalOf(client.settings.credentials)) };
      fleets.set(client, fleet);
    }
    return fleet;
  };
}
