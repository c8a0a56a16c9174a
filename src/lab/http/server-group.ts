// The lab's servers as one group that can go away and come back: `stop()` closes every socket (a
// client then gets "connection refused", as from a lab — or a whole cloud region — that is down) and
// `start()` binds the same handlers again on the same ports, so clients configured with the lab's
// URLs reach the same world, which kept running in between (its clock, its Traffic Manager monitor,
// its long-running operations). Used to restart the whole lab under a running engine (chaos tests).
import { serveDns, type DnsZone, type RunningDns } from '../dns/dns-server.js';
import type { LabHandler } from './handler.js';
import { serve, type RunningServer, type ServeOptions } from './serve.js';

interface Member {
  close: () => Promise<void>;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/** One server that can be stopped and started again on the port it first got. */
async function restartable<S extends { port: number; close(): Promise<void> }>(bind: (port: number | undefined) => Promise<S>, port: number | undefined): Promise<{ first: S; member: Member }> {
  const first = await bind(port);
  let current: S | undefined = first;
  const member: Member = {
    start: async () => {
      current ??= await bind(first.port);
    },
    stop: async () => {
      const running = current;
      current = undefined;
      await running?.close();
    },
    close: () => member.stop(),
  };
  return { first, member };
}

export class ServerGroup {
  private readonly members: Member[] = [];
  private down = false;

  /** `serve`, restartable: the returned server's `url` and `port` stay valid across a restart. */
  async serve(handler: LabHandler, options: ServeOptions = {}): Promise<RunningServer> {
    const { first, member } = await restartable((port) => serve(handler, { ...options, ...(port === undefined ? {} : { port }) }), options.port);
    this.members.push(member);
    return { ...first, close: member.close };
  }

  async serveDns(zone: DnsZone, options: { port?: number } = {}): Promise<RunningDns> {
    const { first, member } = await restartable((port) => serveDns(zone, port === undefined ? {} : { port }), options.port);
    this.members.push(member);
    return { ...first, close: member.close };
  }

  get stopped(): boolean {
    return this.down;
  }

  /** Every server closed: nothing answers on the lab's ports. */
  async stop(): Promise<void> {
    this.down = true;
    await Promise.all(this.members.map((m) => m.stop()));
  }

  /** Every server bound again on its port, with the same handlers (the same world). */
  async start(): Promise<void> {
    await Promise.all(this.members.map((m) => m.start()));
    this.down = false;
  }
}
