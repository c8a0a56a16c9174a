// The file store serves one replica: a second `aksdr serve` on the same state folder is refused
// while the first lives, and a lock left by a dead process is taken over.
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateDirLockedError, lockStateDir } from '../../src/state/file-lock.js';
import { withTempDir } from '../fixtures/temp-dir.js';

describe('the state folder lock', () => {
  it('refuses a second holder while the first lives, and frees on release', async () => {
    const temp = await withTempDir();
    try {
      const lock = await lockStateDir(temp.dir);
      await expect(lockStateDir(temp.dir)).rejects.toBeInstanceOf(StateDirLockedError);
      await expect(lockStateDir(temp.dir)).rejects.toThrow(/another aksdr serve \(pid \d+/);
      await lock.release();
      await (await lockStateDir(temp.dir)).release();
    } finally {
      await temp.cleanup();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const temp = await withTempDir();
    try {
      await writeFile(path.join(temp.dir, 'serve.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
      await (await lockStateDir(temp.dir)).release();
    } finally {
      await temp.cleanup();
    }
  });
});
