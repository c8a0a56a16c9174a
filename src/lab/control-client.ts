// Talks to a running lab through its control API, found through the lab.json in the lab's folder.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaultRequest } from './control-handler.js';
import type { Fault } from './faults.js';
import type { LabInfo } from './lab-files.js';
import type { LabState } from './lab-state.js';

export class LabNotRunningError extends Error {
  readonly code = 'LabNotRunning';
}

export class LabControlError extends Error {
  readonly code = 'LabControlError';
}

export async function readLabInfo(dir: string): Promise<LabInfo> {
  const file = path.resolve(dir, 'lab.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new LabNotRunningError(`no lab found in ${path.resolve(dir)} (no lab.json) — start one with 'aksdr lab up --dir ${dir}'`);
  }
  try {
    return JSON.parse(text) as LabInfo;
  } catch {
    throw new LabNotRunningError(`${file} is not valid JSON — restart the lab with 'aksdr lab up --dir ${dir}'`);
  }
}

export class LabControlClient {
  constructor(private readonly info: Pick<LabInfo, 'controlUrl' | 'controlToken'>) {}

  static async fromDir(dir: string): Promise<LabControlClient> {
    return new LabControlClient(await readLabInfo(dir));
  }

  state(): Promise<LabState> {
    return this.call<LabState>('GET', '/v1/state');
  }

  async fail(request: FaultRequest): Promise<Fault> {
    return (await this.call<{ fault: Fault }>('POST', '/v1/faults', request)).fault;
  }

  async heal(region?: string): Promise<Fault[]> {
    return (await this.call<{ healed: Fault[] }>('POST', '/v1/heal', region === undefined ? {} : { region })).healed;
  }

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.info.controlUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${this.info.controlToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new LabNotRunningError(`the lab at ${this.info.controlUrl} does not answer — is 'aksdr lab up' still running?`);
    }
    const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string; details?: unknown } };
    if (!response.ok) {
      const details = payload.error?.details ? ` ${JSON.stringify(payload.error.details)}` : '';
      throw new LabControlError(`${payload.error?.message ?? `lab answered ${response.status}`}${details}`);
    }
    return payload as T;
  }
}
