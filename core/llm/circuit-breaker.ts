/**
 * A provider's circuit, per coordinator: after `failures` consecutive failed turns the circuit
 * opens for `cooldownMs` (turns idle as `circuitOpen` without calling); then one turn may try
 * again, and a success closes it. Wall-clock time decides only whether calls are made, which the
 * log records on each call.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntilMs = 0;

  constructor(
    private readonly failures: number,
    private readonly cooldownMs: number,
  ) {}

  isOpen(nowMs: number): boolean {
    return nowMs < this.openUntilMs;
  }

  record(ok: boolean, nowMs: number): void {
    if (ok) {
      this.consecutiveFailures = 0;
      return;
    }
    this.consecutiveFailures++;
    if (this.consecutiveFailures >= this.failures) this.openUntilMs = nowMs + this.cooldownMs;
  }
}
