// `aksdr … | head`: when the reader goes away the command ends quietly, as any Unix tool does —
// not with an unhandled EPIPE and a stack trace.
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { spawnAksdr } from '../fixtures/cli.js';

describe('a closed output pipe', () => {
  it('ends the command quietly', { timeout: 60_000 }, async () => {
    const child = spawnAksdr(['policy', 'explain', 'policies/active-passive-weighted.yaml']);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    // The reader is gone before the command writes (as `head` is once it has its lines).
    child.stdout?.destroy();
    const [code] = (await once(child, 'close')) as [number | null];
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});
