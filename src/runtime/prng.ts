// A small seeded PRNG (sfc32) with streams keyed by a domain name and integers,
// so every random draw of a run (split, initial weights, epoch shuffles, noise)
// can be recreated from its key alone: that is what makes resume exact and
// what keeps the initial weights independent of the schedule.

const TWO_32 = 4294967296;

function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** The 32-bit words of a key part; numbers beyond 2^32 (or negative, or fractional) keep all their bits. */
function keyWords(key: number): number[] {
  if (Number.isInteger(key) && key >= 0 && key < TWO_32) return [key];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, key);
  return [view.getUint32(0), view.getUint32(4)];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: readonly [number, number, number, number]) {
    [this.a, this.b, this.c, this.d] = state;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** A standard normal draw (Box-Muller). */
  nextGaussian(): number {
    const u = 1 - this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher-Yates shuffle of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }
}

/** The stream for `domain` and integer keys, e.g. rngFor('epoch-shuffle', seed, epoch). */
export function rngFor(domain: string, ...keys: readonly number[]): Rng {
  const words = [hashString(domain), ...keys.flatMap(keyWords)];
  const state: number[] = [];
  for (let lane = 0; lane < 4; lane++) {
    let h = mix32(0x9e3779b9 * (lane + 1));
    for (const word of words) h = mix32(h ^ mix32(word + lane * 0x632be5ab));
    state.push(h | 0);
  }
  return new Rng([state[0], state[1], state[2], state[3]]);
}
