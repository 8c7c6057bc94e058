// Retry delays for a lost backend: 0.5 s doubling to 8 s, with up to 20 % jitter so that several
// tabs do not retry in step.

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** 0..1: the share of the delay that is random. */
  jitter?: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 8000;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  const plain = Math.min(max, base * 2 ** Math.max(0, attempt));
  return Math.round(plain * (1 - jitter * random()));
}
