// `aksdr serve` refuses bad input with a clear message and exit code 2, before opening anything.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseListen, registerServeCommand } from '../../src/cli/commands/serve.js';
import type { EngineCommandIo } from '../../src/cli/commands/engine/engine-setup.js';

function anIo(): EngineCommandIo {
  return {
    stdout: () => undefined,
    stderr: () => undefined,
    env: () => ({}),
    stderrIsTty: () => false,
    confirm: undefined,
    onStop: () => () => undefined,
    runtime: () => Promise.reject(new Error('not used')),
  };
}

describe('aksdr serve options', () => {
  it('reads --listen as HOST:PORT', () => {
    expect(parseListen('0.0.0.0:8080')).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen(':9090')).toEqual({ host: '0.0.0.0', port: 9090 });
    for (const bad of ['8080', 'localhost:http', 'host:70000']) expect(() => parseListen(bad)).toThrow(/HOST:PORT/);
  });

  it('refuses a policies folder that does not exist, and a replica name it cannot use', async () => {
    const run = (args: string[]) => {
      const program = new Command().exitOverride();
      registerServeCommand(program, anIo());
      return program.parseAsync(['serve', ...args], { from: 'user' });
    };
    await expect(run(['--policies', '/nonexistent/aksdr-policies'])).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('not a folder') as unknown });
    await expect(run(['--policies', '.', '--replica', 'bad name!'])).rejects.toMatchObject({ exitCode: 2 });
  });
});
