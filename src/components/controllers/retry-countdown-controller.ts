/** The wait after a 429: the seconds left, counted down to 0, then `onDone`. Leaving the page stops it. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class RetryCountdownController implements ReactiveController {
  /** Seconds left; 0 when not counting. */
  left = 0;
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly host: ReactiveControllerHost, private readonly onDone: () => void) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  start(seconds: number): void {
    this.stop();
    const until = Date.now() + seconds * 1000;
    this.show(seconds);
    this.timer = setInterval(() => {
      const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      if (left !== this.left) this.show(left);
      if (left > 0) return;
      this.stop();
      this.onDone();
    }, 250);
  }

  private show(left: number): void {
    this.left = left;
    this.host.requestUpdate();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.left = 0;
  }
}
