/**
 * Ports are picked free, then bound later (the stack plans every port before it starts the first service): on this
 * busy machine an outgoing connection can take one in between. Such a start is tried again, up to 3 times.
 */
export async function retryPortClash<T>(start: () => Promise<T>): Promise<T> {
  for (let k = 1; ; k++) {
    try {
      return await start();
    } catch (err) {
      if (k >= 3 || !/EADDRINUSE|address already in use|exited/.test(String((err as Error)?.message))) throw err;
    }
  }
}
