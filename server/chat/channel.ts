/**
 * A push-to-pull bridge: callbacks (a model's onToken) push values, an async generator pulls them.
 * Unbounded, which is fine for one answer's tokens.
 */
export interface Channel<T> {
  push(value: T): void;
  /** Ends the stream after the values already pushed. */
  close(): void;
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

export function createChannel<T>(): Channel<T> {
  const buffer: T[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    push(value) {
      if (closed) return;
      buffer.push(value);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const value = buffer.shift();
        if (value !== undefined) {
          yield value;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
