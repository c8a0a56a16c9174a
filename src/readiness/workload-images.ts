// The images the workloads run, read from a region's deployments: what `acrImages: fromWorkloads`
// looks for and what `versionDrift` compares.
import type { DeploymentInfo } from '../core/ports/kubernetes-port.js';

export interface DeploymentImages {
  /** `namespace/name`. */
  deployment: string;
  images: string[];
}

export function imagesByDeployment(deployments: readonly Pick<DeploymentInfo, 'namespace' | 'name' | 'images'>[]): Map<string, string[]> {
  return new Map(deployments.map((d) => [`${d.namespace}/${d.name}`, [...d.images].sort()]));
}

export function distinctImages(deployments: readonly DeploymentInfo[]): string[] {
  return [...new Set(deployments.flatMap((d) => d.images))].sort();
}
