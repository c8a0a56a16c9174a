// Velero's DownloadRequest (velero.io/v1): a client asks for an artifact of a backup in object
// storage (`spec.target: { kind, name }`); Velero's controller answers with a pre-signed URL
// (`status.phase: Processed`, `status.downloadURL`, `status.expiration`, ten minutes on). The lab
// serves `BackupContents` — the backup tarball itself: gzip-compressed tar, backup format 1.1.0
// (`metadata/version`, `resources/<resource>.<group>/v1-preferredversion/namespaces/<ns>/<name>.json`,
// cluster-scoped objects under `.../cluster/<name>.json`), as Velero's output file format documents
// (https://velero.io/docs/main/output-file-format/). The URL points at the lab's stand-in for the
// storage account (`/storage/...` on the Kubernetes port, like a SAS URL: no other authentication).
// Other target kinds (logs, results, resource lists) are not served: such a request stays `New`, as a
// request Velero cannot process does. A region that is down processes nothing (its Velero is down).
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { LabContext } from '../context.js';
import type { LabReply, LabRequest } from '../http/handler.js';
import { veleroTypes, type KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import { contentsKey, type BackupContents, type BackupSnapshot } from './velero-backups.js';
import { backupStorageFault, veleroRuns } from './velero-region.js';
import { kubeTimestamp } from './time-format.js';

const expiryMs = 10 * 60_000;
const storageAccount = 'staksdrbackups';

interface StoredDownload {
  body: Buffer;
  expiresAtMs: number;
}

/** What the storage stand-in serves, per lab: `{token}` → tarball. */
const stored = new WeakMap<LabContext, Map<string, StoredDownload>>();

function storeOf(ctx: LabContext): Map<string, StoredDownload> {
  let store = stored.get(ctx);
  if (!store) {
    store = new Map();
    stored.set(ctx, store);
  }
  return store;
}

/** The backup tarball of `snapshot`, as Velero writes it (format 1.1.0). */
export async function backupTarball(snapshot: BackupSnapshot): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    chunks.push(Buffer.from(chunk as Uint8Array));
  });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  archive.entry({ name: 'metadata/version' }, '1.1.0\n');
  for (const namespace of snapshot.namespaces) {
    const object = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
    archive.entry({ name: `resources/namespaces/v1-preferredversion/cluster/${namespace}.json` }, JSON.stringify(object));
  }
  for (const deployment of snapshot.deployments) {
    const object = { ...deployment, apiVersion: 'apps/v1', kind: 'Deployment' };
    archive.entry({ name: `resources/deployments.apps/v1-preferredversion/namespaces/${deployment.metadata.namespace ?? 'default'}/${deployment.metadata.name}.json` }, JSON.stringify(object));
  }
  archive.finalize();
  await finished;
  return gzipSync(Buffer.concat(chunks));
}

export class DownloadRequestController {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly ctx: LabContext,
    private readonly contents: BackupContents,
  ) {}

  /** Processes new requests; forgets expired tarballs. Work that is not ready yet is picked up next tick. */
  tick(): void {
    const now = this.ctx.clock.now();
    for (const [token, download] of storeOf(this.ctx)) if (download.expiresAtMs <= now) storeOf(this.ctx).delete(token);
    for (const cluster of this.ctx.world.clusters) {
      // Velero signs URLs for objects it can reach: not while its region or its storage is down.
      if (!veleroRuns(this.ctx, cluster) || backupStorageFault(this.ctx, cluster)) continue;
      for (const request of cluster.store.list(veleroTypes.downloadrequests)) {
        const key = `${cluster.name}/${request.metadata.namespace ?? ''}/${request.metadata.name}`;
        if (request.status?.phase === 'Processed' || this.inFlight.has(key)) continue;
        this.inFlight.add(key);
        void this.process(cluster, request).finally(() => this.inFlight.delete(key));
      }
    }
  }

  private async process(cluster: ClusterState, request: KubeObject): Promise<void> {
    const target = request.spec?.target as { kind?: unknown; name?: unknown } | undefined;
    if (target?.kind !== 'BackupContents' || typeof target.name !== 'string') return;
    const backup = cluster.store.get(veleroTypes.backups, request.metadata.namespace, target.name);
    const snapshot = this.contents.get(contentsKey(request.metadata.namespace, target.name));
    if (!backup || !snapshot) return;
    const token = randomBytes(16).toString('hex');
    const expiresAtMs = this.ctx.clock.now() + expiryMs;
    storeOf(this.ctx).set(token, { body: await backupTarball(snapshot), expiresAtMs });
    const url = `${this.ctx.urls.kube}/storage/${storageAccount}/velero/backups/${encodeURIComponent(target.name)}/${encodeURIComponent(target.name)}.tar.gz?sig=${token}`;
    cluster.store.mutate(veleroTypes.downloadrequests, request.metadata.namespace, request.metadata.name, (r) => {
      r.status = { phase: 'Processed', downloadURL: url, expiration: kubeTimestamp(expiresAtMs) };
    });
  }
}

/** The storage stand-in: `GET /storage/{account}/velero/backups/{backup}/{backup}.tar.gz?sig=…`. */
export function serveStorage(ctx: LabContext, request: LabRequest): LabReply {
  const download = storeOf(ctx).get(request.url.searchParams.get('sig') ?? '');
  if (request.method !== 'GET') return { status: 405, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0" encoding="utf-8"?><Error><Code>UnsupportedHttpVerb</Code></Error>' };
  if (!download || download.expiresAtMs <= ctx.clock.now()) {
    // What Azure Storage answers for a bad or expired SAS.
    return { status: 403, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message></Error>' };
  }
  return { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': String(download.body.length) }, body: download.body };
}
