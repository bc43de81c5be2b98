/**
 * Sends a request; while the service answers "busy" (even after the transport's own retries),
 * waits for the resource to be ready again and sends it once more, until the deadline. A busy
 * answer means the request was refused, so sending it again never doubles it.
 */
export async function sendWhenReady<T>(
  send: () => Promise<T>,
  options: { isBusy: (error: unknown) => boolean; waitUntilReady: () => Promise<unknown>; deadline: number },
): Promise<T> {
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (!options.isBusy(error) || Date.now() > options.deadline) throw error;
      await options.waitUntilReady();
    }
  }
}
