// Every top-level command, by name, with its one-line description and how to load it. A command's
// module (and the SDKs behind it: @kubernetes/client-node alone is ~90 MB) is imported only when that
// command runs, so `aksdr --version` or `aksdr policy validate` start about as fast as Node itself.
// `--help` without a command lists the table without loading anything.
import type { Command } from 'commander';

export interface CommandEntry {
  description: string;
  register: () => Promise<(program: Command) => void>;
}

const engine = (): Promise<(program: Command) => void> => import('./commands/engine/index.js').then((m) => (program: Command) => m.registerEngineCommands(program));

export const commandTable: Record<string, CommandEntry> = {
  policy: { description: 'Validate, explain and describe DR policies.', register: () => import('./commands/policy.js').then((m) => (program: Command) => m.registerPolicyCommands(program)) },
  status: { description: 'Probe every region of the policies once and show each signal and where the traffic goes.', register: () => import('./commands/status.js').then((m) => (program: Command) => m.registerStatusCommand(program)) },
  check: { description: 'Readiness gate: can TARGET take the traffic now? Exit 0 ready, 1 not ready, 2 usage.', register: () => import('./commands/check.js').then((m) => (program: Command) => m.registerCheckCommand(program)) },
  plan: { description: 'Show what the engine would do now and why; changes nothing.', register: engine },
  failover: { description: 'Move the traffic of a policy to another region (exit 3 when a safety rule refuses).', register: engine },
  failback: { description: 'Move the traffic back to the primary region (exit 3 when a safety rule refuses).', register: engine },
  approve: { description: 'Approve the plan awaiting approval (the rules are checked again now).', register: engine },
  resume: { description: 'Release an engine held after a failed operation, once a person has looked.', register: engine },
  run: { description: 'Run the engine loop for the policies in the foreground.', register: engine },
  history: { description: 'The audit trail of a policy: decisions, commands, overrides, alerts, outcomes.', register: engine },
  drill: { description: 'Rehearse a failover: dry-run, restore-test or live, with a report (text, JSON, Markdown, JUnit).', register: () => import('./commands/drill.js').then((m) => (program: Command) => m.registerDrillCommand(program)) },
  serve: { description: 'Run the standalone service: every policy of a folder, HTTP status and metrics, leases, notifications, schedules.', register: () => import('./commands/serve.js').then((m) => (program: Command) => m.registerServeCommand(program)) },
  lab: { description: 'Start and break the local lab (Entra ID, ARM, Kubernetes + Velero emulators).', register: () => import('./commands/lab.js').then((m) => (program: Command) => m.registerLabCommands(program)) },
  demo: { description: 'What `npm start` runs: the lab, and a failover in it.', register: () => import('./commands/demo.js').then((m) => (program: Command) => m.registerDemoCommand(program)) },
};
