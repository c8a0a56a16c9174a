// Process entry point of the `aksdr` command (bin/aksdr runs the compiled form of this file).
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2));
