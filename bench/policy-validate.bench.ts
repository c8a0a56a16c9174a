// How long `aksdr policy validate` takes on a large policy directory (~1 MB of YAML): the cost paid by
// every CI run and every controller start. Vitest 5 benchmarks run inside a test via the `bench` fixture.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadPolicies } from '../src/policy/index.js';

function writePolicyDirectory(targetBytes: number): { directory: string; files: number; bytes: number } {
  const template = readFileSync(new URL('../policies/active-passive-weighted.yaml', import.meta.url), 'utf8');
  const directory = mkdtempSync(join(tmpdir(), 'aksdr-bench-policies-'));
  let bytes = 0;
  let files = 0;
  while (bytes < targetBytes) {
    const text = template.replace('name: shop', `name: shop-${files}`);
    writeFileSync(join(directory, `shop-${String(files).padStart(4, '0')}.yaml`), text);
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { directory, files, bytes };
}

test('validating a ~1 MB policy directory', async ({ bench }) => {
  const { directory, files, bytes } = writePolicyDirectory(1024 * 1024);
  const result = await bench(`loadPolicies: ${files} policies, ${Math.round(bytes / 1024)} KiB`, async () => {
    const loaded = await loadPolicies([directory]);
    if (loaded.policies.length !== files) throw new Error(`expected ${files} valid policies, got ${loaded.policies.length}`);
  }).run({ iterations: 10, warmupIterations: 2, time: 0 });
  expect(result.latency.mean).toBeGreaterThan(0);
});
