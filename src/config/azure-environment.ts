// Which Azure aksdr talks to: the public cloud, a sovereign cloud, or a custom one (Azure Stack Hub,
// a private endpoint, the lab). Resolved once from flags and the environment; every Azure client and
// the credential are built from the result, so there is exactly one place that knows the URLs.
import { readFileSync } from 'node:fs';

export type AzureCloud = 'public' | 'china' | 'usgov' | 'custom';

export interface AzureEnvironment {
  cloud: AzureCloud;
  /** Azure Resource Manager base URL, without a trailing slash. */
  armEndpoint: string;
  /** Entra ID authority host, without a trailing slash. */
  authorityHost: string;
  /** The scope ARM tokens are requested for, e.g. `https://management.azure.com/.default`. */
  armAudience: string;
  /** Extra CA certificates (PEM) to trust for ARM, Entra ID and, where kubeconfigs lack one, Kubernetes. */
  caPem?: string;
  caFile?: string;
}

export interface AzureEnvironmentFlags {
  cloud?: string;
  armEndpoint?: string;
  authorityHost?: string;
  caFile?: string;
}

interface KnownCloud {
  armEndpoint: string;
  authorityHost: string;
  armAudience: string;
}

export const knownClouds: Record<Exclude<AzureCloud, 'custom'>, KnownCloud> = {
  public: { armEndpoint: 'https://management.azure.com', authorityHost: 'https://login.microsoftonline.com', armAudience: 'https://management.azure.com/.default' },
  china: { armEndpoint: 'https://management.chinacloudapi.cn', authorityHost: 'https://login.chinacloudapi.cn', armAudience: 'https://management.chinacloudapi.cn/.default' },
  usgov: { armEndpoint: 'https://management.usgovcloudapi.net', authorityHost: 'https://login.microsoftonline.us', armAudience: 'https://management.usgovcloudapi.net/.default' },
};

export interface EnvironmentProblem {
  /** The flag or variable at fault, e.g. `AKSDR_CLOUD`. */
  source: string;
  problem: string;
  hint: string;
}

export class AzureEnvironmentError extends Error {
  override readonly name = 'AzureEnvironmentError';
  readonly code = 'InvalidAzureEnvironment';
  constructor(readonly problems: EnvironmentProblem[]) {
    super(`The Azure environment is misconfigured:\n${problems.map((p) => `  - ${p.source}: ${p.problem} (${p.hint})`).join('\n')}`);
  }
}

export interface ResolveOptions {
  /** Reads the CA file; injectable for tests. */
  readTextFile?: (path: string) => string;
}

/**
 * `AKSDR_CLOUD` (public | china | usgov | custom; inferred from the endpoints when unset),
 * `AKSDR_ARM_ENDPOINT`, `AZURE_AUTHORITY_HOST`, `AKSDR_ARM_AUDIENCE` (custom clouds), `AKSDR_CA_FILE`.
 * Flags win over variables. Every problem is reported at once.
 */
export function resolveAzureEnvironment(env: NodeJS.ProcessEnv, flags: AzureEnvironmentFlags = {}, options: ResolveOptions = {}): AzureEnvironment {
  const problems: EnvironmentProblem[] = [];
  const armEndpoint = normalizeUrl(flags.armEndpoint ?? env.AKSDR_ARM_ENDPOINT, flags.armEndpoint ? '--arm-endpoint' : 'AKSDR_ARM_ENDPOINT', problems);
  const authorityHost = normalizeUrl(flags.authorityHost ?? env.AZURE_AUTHORITY_HOST, flags.authorityHost ? '--authority-host' : 'AZURE_AUTHORITY_HOST', problems);
  const cloudText = nonEmpty(flags.cloud ?? env.AKSDR_CLOUD)?.toLowerCase();
  const cloudSource = flags.cloud ? '--cloud' : 'AKSDR_CLOUD';

  let cloud: AzureCloud;
  if (cloudText === undefined) cloud = inferCloud(armEndpoint, authorityHost);
  else if (isCloud(cloudText)) cloud = cloudText;
  else {
    problems.push({ source: cloudSource, problem: `"${cloudText}" is not a known cloud`, hint: 'use public, china, usgov or custom' });
    cloud = 'public';
  }

  const known = cloud === 'custom' ? undefined : knownClouds[cloud];
  if (cloud === 'custom') {
    if (!armEndpoint) problems.push({ source: 'AKSDR_ARM_ENDPOINT', problem: 'is required for a custom cloud', hint: 'set it to the Resource Manager URL, e.g. https://management.local.azurestack.external' });
    if (!authorityHost) problems.push({ source: 'AZURE_AUTHORITY_HOST', problem: 'is required for a custom cloud', hint: 'set it to the Entra ID (or AD FS) authority host URL' });
  }
  const audienceText = nonEmpty(env.AKSDR_ARM_AUDIENCE);
  const armAudience = audienceText ? withDefaultSuffix(audienceText) : (known?.armAudience ?? knownClouds.public.armAudience);

  const caFile = nonEmpty(flags.caFile ?? env.AKSDR_CA_FILE);
  const caPem = caFile ? readCa(caFile, flags.caFile ? '--ca-file' : 'AKSDR_CA_FILE', options.readTextFile ?? ((p) => readFileSync(p, 'utf8')), problems) : undefined;

  if (problems.length > 0) throw new AzureEnvironmentError(problems);
  return {
    cloud,
    armEndpoint: armEndpoint ?? known?.armEndpoint ?? '',
    authorityHost: authorityHost ?? known?.authorityHost ?? '',
    armAudience,
    ...(caPem ? { caPem, caFile } : {}),
  };
}

/** True for the Entra ID hosts of the public and sovereign clouds, where MSAL's instance discovery works. */
export function isKnownAuthorityHost(authorityHost: string): boolean {
  const host = safeHost(authorityHost);
  return Object.values(knownClouds).some((c) => safeHost(c.authorityHost) === host);
}

function inferCloud(armEndpoint: string | undefined, authorityHost: string | undefined): AzureCloud {
  for (const [name, cloud] of Object.entries(knownClouds) as [Exclude<AzureCloud, 'custom'>, KnownCloud][]) {
    if (armEndpoint === cloud.armEndpoint) return name;
  }
  if (armEndpoint || (authorityHost && !isKnownAuthorityHost(authorityHost))) return 'custom';
  for (const [name, cloud] of Object.entries(knownClouds) as [Exclude<AzureCloud, 'custom'>, KnownCloud][]) {
    if (authorityHost === cloud.authorityHost) return name;
  }
  return 'public';
}

function isCloud(value: string): value is AzureCloud {
  return value === 'public' || value === 'china' || value === 'usgov' || value === 'custom';
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function normalizeUrl(value: string | undefined, source: string, problems: EnvironmentProblem[]): string | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push({ source, problem: `"${text}" is not a URL`, hint: 'give an absolute https:// URL' });
    return undefined;
  }
  if (url.protocol !== 'https:') {
    problems.push({ source, problem: `"${text}" does not use https`, hint: 'Azure SDKs refuse to send tokens over plain http; serve it over TLS and trust its CA with AKSDR_CA_FILE' });
    return undefined;
  }
  if (url.search || url.hash) {
    problems.push({ source, problem: `"${text}" has a query or fragment`, hint: 'give the base URL only' });
    return undefined;
  }
  return url.toString().replace(/\/+$/, '');
}

function withDefaultSuffix(audience: string): string {
  return audience.endsWith('/.default') ? audience : `${audience.replace(/\/+$/, '')}/.default`;
}

function readCa(file: string, source: string, read: (path: string) => string, problems: EnvironmentProblem[]): string | undefined {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    problems.push({ source, problem: `cannot read "${file}" (${error instanceof Error ? error.message : String(error)})`, hint: 'point it at a readable PEM file' });
    return undefined;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push({ source, problem: `"${file}" holds no PEM certificate`, hint: 'the file must contain one or more -----BEGIN CERTIFICATE----- blocks' });
    return undefined;
  }
  return text;
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}
