// The lab's servers are plain functions from a request to a response (hono-style), so tests can
// call them without a port; `serve` binds one to a loopback socket.
import type { IncomingHttpHeaders } from 'node:http';

export interface LabRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface LabReply {
  status: number;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering (a slow service). */
  delayMs?: number;
}

/**
 * How a dead service looks to its client: `refused` closes the connection without an answer (the
 * lab's ports are shared by every region, so a real ECONNREFUSED cannot be had per region; a close
 * is what a client of a refusing load balancer sees), `reset` resets the socket (RST), `blackhole`
 * accepts and never answers — what most calls into a region that lost power run into, their timeout.
 */
export const deadModes = ['refused', 'reset', 'blackhole'] as const;
export type DeadMode = (typeof deadModes)[number];

export function isDeadMode(value: string): value is DeadMode {
  return (deadModes as readonly string[]).includes(value);
}

/** No answer (a dead service): closed (the default), reset or never; after `delayMs` if given (a hung one). */
export interface LabDrop {
  drop: true;
  delayMs?: number;
  mode?: DeadMode;
}

export type LabResponse = LabReply | LabDrop;
export type LabHandler = (request: LabRequest) => LabResponse | Promise<LabResponse>;

export function isDrop(response: LabResponse): response is LabDrop {
  return 'drop' in response;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): LabReply {
  return { status, body, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): LabReply {
  return { status, body, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } };
}

/** Parse a JSON request body; undefined when it is empty, an Error when it is not JSON. */
export function readJson(request: LabRequest): unknown {
  if (request.body.length === 0) return undefined;
  try {
    return JSON.parse(request.body.toString('utf8')) as unknown;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Case-insensitive query parameter lookup (ARM treats `api-version` case-insensitively). */
export function queryParam(url: URL, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === lower) return value;
  return undefined;
}
