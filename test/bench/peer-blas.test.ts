import { describe, expect, it } from 'vitest';
import { coreToForce } from '../../bench/peer-blas.js';

const flags = (text: string) => new Set(text.split(' '));
const AVX512 = flags('sse4_2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl');
const AVX2 = flags('sse4_2 avx avx2 fma');

describe('the OpenBLAS core the peer runs with', () => {
  it('replaces a fallback core with the newest kernels the CPU flags support', () => {
    expect(coreToForce('Prescott', AVX512)).toBe('SkylakeX');
    expect(coreToForce('Prescott', AVX2)).toBe('Haswell');
    expect(coreToForce('Nehalem', flags('sse4_2 avx'))).toBe('Sandybridge');
  });

  it('keeps a core OpenBLAS chose for the CPU, and a fallback the flags cannot better', () => {
    expect(coreToForce('SkylakeX', AVX512)).toBeNull();
    expect(coreToForce('Haswell', AVX512)).toBeNull();
    expect(coreToForce('Prescott', flags('sse3 ssse3'))).toBeNull();
  });

  it('forces nothing when the peer does not run on OpenBLAS', () => {
    expect(coreToForce(null, AVX512)).toBeNull();
  });

  it('needs every AVX-512 subset SkylakeX uses, not avx512f alone', () => {
    expect(coreToForce('Prescott', flags('avx avx2 fma avx512f'))).toBe('Haswell');
  });
});
