// A state file this aksdr cannot read (another version wrote it, or it is damaged) is the user's
// environment, not a bug: a clear message with what to do, exit 2 — never an "internal error" trace.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { withTempDir } from '../fixtures/temp-dir.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a state file aksdr cannot read', () => {
  it('exits 2 with the file, the reason and the fix', async () => {
    const temp = await withTempDir('aksdr-corrupt-');
    try {
      const stateDir = path.join(temp.dir, 'state');
      await mkdir(stateDir, { recursive: true });
      await writeFile(path.join(stateDir, 'shop.json'), JSON.stringify({ schemaVersion: 1, revision: 1, updatedAt: '2026-01-01T00:00:00Z', data: { schemaVersion: 99 } }));
      let stderr = '';
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
      const code = await runCli(['check', 'policies/active-passive-weighted.yaml', '--state-dir', stateDir]);
      expect(code).toBe(2);
      expect(stderr).toContain('shop: engine state has schemaVersion 99; this aksdr reads 1');
      expect(stderr).toContain('move the file aside');
      expect(stderr).not.toContain('internal error');
    } finally {
      await temp.cleanup();
    }
  });
});
