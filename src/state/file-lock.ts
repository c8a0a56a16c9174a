// The single-replica lock of a file state store: `serve.lock` in the state folder, created
// exclusively and holding the owner's pid and host. A second `aksdr serve` on the same folder is
// refused while the owner lives; a lock left by a dead process (same host, pid gone) is taken over.
// (The file store cannot coordinate replicas on different machines: use Azure Blob Storage then.)
import { hostname } from 'node:os';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export class StateDirLockedError extends Error {
  readonly code = 'StateDirLocked';
  constructor(
    readonly dir: string,
    readonly owner: { pid: number; host: string },
  ) {
    super(`another aksdr serve (pid ${owner.pid} on ${owner.host}) uses the state folder ${dir}; stop it, or give this one its own --state-dir`);
    this.name = 'StateDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StateDirLock {
  release(): Promise<void>;
}

export async function lockStateDir(dir: string): Promise<StateDirLock> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'serve.lock');
  const me = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readFile(file, 'utf8')
        .then((text) => JSON.parse(text) as { pid: number; host: string })
        .catch(() => undefined);
      if (owner && (owner.host !== me.host || alive(owner.pid))) throw new StateDirLockedError(dir, owner);
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not lock the state folder ${dir}`);
}
