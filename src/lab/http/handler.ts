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

/** Close the connection without an answer (a dead service); after `delayMs` if given (a hung one). */
export interface LabDrop {
  drop: true;
  delayMs?: number;
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
