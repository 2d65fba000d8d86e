/**
 * Seeded pseudo-random numbers for the learners (bootstrap draws, feature sampling,
 * permutations). sfc32 seeded through splitmix32: small, fast on 32-bit integer maths,
 * and the stream number lets tree i of a forest draw from its own generator derived from
 * (seed, i), so the forest is identical whatever thread builds which tree. A class with
 * plain numeric fields, because the bootstrap calls it millions of times.
 */

export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

function splitmix32(state: number): () => number {
  let a = state | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // Warm up so that nearby seeds do not start from correlated states.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    const c = (this.c << 21) | (this.c >>> 11);
    this.c = (c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor((this.uint32() / 4294967296) * n);
  }
}

export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isFinite(seed) || !Number.isFinite(stream)) throw new Error('seed: must be a finite number');
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  const mix = splitmix32(low ^ Math.imul(high + 0x632be5ab, 0x85ebca6b) ^ Math.imul((stream >>> 0) + 1, 0xc2b2ae35));
  return new Sfc32(mix(), mix(), mix(), mix() ^ (stream >>> 0));
}
