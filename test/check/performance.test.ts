import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/check/check.js';
import { MAIN, memoryHost } from '../harness/check.js';

// A 1,000-line spec: the paper's NN3 experiment over and over, each with its own
// name, seed and schedule, 5,000 epochs each (schedule verification evaluates
// every one of them).
const experiment = readFileSync(join(import.meta.dirname, '../../specs/paper/nn3_exp40.mtl'), 'utf8')
  .split('experiment nn3_exp40')[1]
  .replace(/\/\/[^\n]*/g, '');
const schedules = ['exp(40)', 'lin', 'lin(100)', 'stairs(100)'];
let text =
  'network nn3 { input 784 dense h1 70 sigmoid dense h2 60 sigmoid dense h3 50 sigmoid output y 10 softmax }\n';
for (let i = 0; text.split('\n').length < 1000; i++) {
  text += `experiment e${i}${experiment.replace('seed       1', `seed ${i}`).replace('weights schedule exp(40)', `weights schedule ${schedules[i % 4]}`)}\n`;
}

describe('checking a 1,000-line spec', () => {
  it('is linear enough to take well under the 50 ms budget when warm', () => {
    const host = memoryHost({});
    const run = () => checkText(text, MAIN, { host });
    expect(run().diagnostics).toEqual([]);
    for (let i = 0; i < 5; i++) run();
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    // The budget is 50 ms on an idle machine; the bound leaves room for a busy CI box
    // while still catching a rule that turns quadratic.
    expect(times[3]).toBeLessThan(150);
  });
});
