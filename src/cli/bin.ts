// Process entry point of the `aksdr` command (bin/aksdr runs the compiled form of this file).
import { enableCompileCache } from 'node:module';

// V8 keeps the compiled code of the modules a command loads (commander, zod, yaml …) on disk
// between runs (Node's module compile cache, in the OS temp folder; NODE_DISABLE_COMPILE_CACHE=1
// turns it off): without it a short command like `policy validate` spends a third of its start-up
// compiling them. Enabled before the CLI is imported, so its whole module graph is cached.
enableCompileCache();

// A reader that went away (`aksdr … | head`) ends the output, as it does for any Unix tool: quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { runCli } = await import('./main.js');

process.exitCode = await runCli(process.argv.slice(2));
