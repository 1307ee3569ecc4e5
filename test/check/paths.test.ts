// Absolute paths in `import` and in `data idx { … }` are used as written, not
// joined onto the spec's folder; device files and huge files are refused
// with a diagnostic instead of being read.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskHost, MAX_SOURCE_BYTES } from '../../src/check/host.js';
import { checkFile } from '../../src/driver/check.js';
import { tempDir, writeTinyIdx } from '../harness/runtime.js';

const codes = (file: string) =>
  checkFile(file, { host: diskHost }).diagnostics.map((d) => `${d.code} ${d.message}`);

describe('absolute paths', () => {
  it('an absolute import is read where it is', () => {
    const shared = tempDir('mtl-shared-');
    writeFileSync(
      path.join(shared, 'nets.mtl'),
      'network n { input 16 dense h1 8 sigmoid output y 3 softmax }\n',
    );
    const specs = tempDir('mtl-specs-');
    const spec = path.join(specs, 'uses.mtl');
    writeFileSync(spec, `import "${path.join(shared, 'nets.mtl')}"\n`);
    expect(codes(spec)).toEqual([]);
  });

  it('absolute IDX paths are checked where they are', () => {
    const data = writeTinyIdx({ train: 120, test: 30 });
    const specs = tempDir('mtl-specs-');
    const spec = path.join(specs, 'abs.mtl');
    const at = (name: string) => JSON.stringify(path.join(data.dir, name));
    writeFileSync(
      spec,
      `experiment e {
  data idx {
    train_images ${at('train-images.idx')} train_labels ${at('train-labels.idx')}
    test_images ${at('test-images.idx')} test_labels ${at('test-labels.idx')}
    labeled 40 unlabeled 40 validation 30
  }
  network { input 16 dense h1 8 sigmoid output y 3 softmax }
  weights schedule supervised_only
  train { epochs 1 batch 20 lr = 0.1 order alternate { step supervised on labeled } }
}
`,
    );
    expect(codes(spec)).toEqual([]);
  });
});

describe('files that are not specs', () => {
  it('a device file is refused before it is read', () => {
    const spec = path.join(tempDir(), 'zero.mtl');
    writeFileSync(spec, 'import "/dev/zero"\n');
    expect(codes(spec)).toEqual([
      "MTL010 cannot read imported file '/dev/zero' (resolved to /dev/zero): it is not a regular file",
    ]);
    expect(codes('/dev/zero')).toEqual(['MTL010 cannot read file /dev/zero: it is not a regular file']);
  });

  it('a file over the size limit is refused', () => {
    const big = path.join(tempDir(), 'big.mtl');
    writeFileSync(big, `// ${'x'.repeat(MAX_SOURCE_BYTES)}\n`);
    expect(codes(big)).toEqual([
      `MTL010 cannot read file ${big}: it is ${MAX_SOURCE_BYTES + 4} bytes, more than the ${MAX_SOURCE_BYTES} a spec may have`,
    ]);
  });
});
