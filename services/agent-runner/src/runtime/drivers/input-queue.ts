/** A push-based async iterable: the streaming input a long-lived agent session reads its messages from. */
export function createInputQueue<T>() {
  const items: T[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  async function* iterate(): AsyncGenerator<T> {
    for (;;) {
      while (items.length) yield items.shift()!;
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
    }
  }
  return {
    iterable: iterate(),
    push(item: T): void {
      items.push(item);
      wake?.();
    },
    end(): void {
      ended = true;
      wake?.();
    },
  };
}
