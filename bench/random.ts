/**
 * A seeded pseudo-random generator (xorshift32), so generated tenants are the same on every run
 * and the figures compare across machines.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // xorshift has a fixed point at zero, so a zero seed is replaced.
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Returns the next 32-bit unsigned integer. */
  nextUint32(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.state = x;
    return x;
  }

  /** Returns an integer in [0, limit). */
  int(limit: number): number {
    return this.nextUint32() % limit;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Returns a GUID-shaped string (version 4 layout) built from the generator. */
  guid(): string {
    const hex = Array.from({ length: 4 }, () => this.nextUint32().toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}
