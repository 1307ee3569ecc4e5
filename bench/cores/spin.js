// An integer loop (a linear congruential generator), 3 s: millions of steps per second.
const start = Date.now();
let rounds = 0;
let x = 1;
while (Date.now() - start < 3000) {
  for (let i = 0; i < 1e6; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
  rounds++;
}
console.log(`integer loop ${(rounds / 3).toFixed(1)} M steps/s (${x & 1})`);
