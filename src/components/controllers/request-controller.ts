/** One request at a time per element: a new one aborts the one before, and leaving the page aborts it. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class RequestController implements ReactiveController {
  /** A request is running. */
  busy = false;
  private current?: AbortController;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.current?.abort();
  }

  /** Runs `call` with a fresh signal; undefined when it was superseded or the host left the page. */
  async run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.current?.abort();
    const { signal } = (this.current = new AbortController());
    this.busy = true;
    this.host.requestUpdate();
    const result = await call(signal);
    if (signal.aborted) return undefined;
    this.busy = false;
    this.host.requestUpdate();
    return result;
  }
}
