// The api-versions ARM accepts, per resource type, as the resource providers publish them: a
// request with a version outside the list is refused by ARM before it reaches the provider
// (400 InvalidApiVersionParameter, listing the supported versions newest first). Each list names
// where its versions come from: the folders of Azure/azure-rest-api-specs (stable and preview) and
// the versions the SDK packages know. Child types (endpoints, agent pools, replications) share
// their parent's versions, as they share its swagger.
import { ArmError } from './errors.js';

export interface ApiVersions {
  versions: readonly string[];
  source: string;
}

const specs = 'Azure/azure-rest-api-specs';

export const apiVersionTable: Readonly<Record<string, ApiVersions>> = {
  'microsoft.network/trafficmanagerprofiles': {
    versions: ['2026-09-01', '2025-01-01-preview', '2024-04-01-preview', '2022-04-01', '2022-04-01-preview', '2018-08-01', '2018-04-01', '2018-03-01', '2018-02-01', '2017-09-01-preview', '2017-05-01'],
    source: `${specs} specification/trafficmanager/resource-manager/Microsoft.Network/TrafficManager/{stable,preview}/*; @azure/arm-trafficmanager 6.1.0 sends 2022-04-01`,
  },
  'microsoft.containerservice/managedclusters': {
    versions: [
      '2026-06-01', '2026-05-01', '2026-04-01', '2026-03-01', '2026-02-01', '2026-01-01', '2025-10-02-preview', '2025-10-01', '2025-08-01', '2025-07-02-preview', '2025-07-01',
      '2025-05-01', '2025-04-01', '2025-03-01', '2025-02-01', '2025-01-01', '2024-10-01', '2024-09-01', '2024-08-01', '2024-07-01', '2024-05-01', '2024-02-01',
    ],
    source: `@azure/arm-containerservice 25.5.0 known versions (2025-10-01 … 2026-06-01); ${specs} specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/{2024-02-01 … 2025-10-01} and preview/{2025-07-02-preview, 2025-10-02-preview} (each folder's examples/ManagedClustersGet.json)`,
  },
  // AKS's operation status endpoints answer at the version AKS writes into its polling URLs.
  'microsoft.containerservice/locations': {
    versions: ['2017-08-31', '2016-03-30'],
    source: "AKS's Azure-AsyncOperation and Location URLs (…/locations/{location}/operations/{id}?api-version=2017-08-31)",
  },
  'microsoft.containerregistry/registries': {
    versions: ['2025-11-01', '2022-12-01', '2021-09-01', '2019-05-01', '2017-10-01', '2017-03-01'],
    source: `${specs} specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/Registry/stable/*; @azure/arm-containerregistry 12.0.0 sends 2025-11-01`,
  },
  'microsoft.resources/resourcegroups': {
    versions: ['2025-04-01', '2024-11-01', '2024-07-01', '2024-03-01', '2023-07-01', '2022-09-01', '2021-04-01', '2021-01-01', '2020-10-01', '2020-06-01', '2019-10-01', '2019-05-01'],
    source: `${specs} specification/resources/resource-manager/Microsoft.Resources/stable/* (the versions the lab's resource-group reads are checked against)`,
  },
};

/** The version AKS puts into the polling URLs of its long-running operations. */
export const aksOperationApiVersion = '2017-08-31';

const versionFormat = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/** The table key of the resource type a path addresses, or undefined when the lab has no table for it. */
export function resourceTypeKey(segments: readonly string[]): string | undefined {
  const lower = segments.map((s) => s.toLowerCase());
  const providersAt = lower.indexOf('providers');
  if (providersAt >= 0 && lower[providersAt + 1] && lower[providersAt + 2]) return `${lower[providersAt + 1]}/${lower[providersAt + 2]}`;
  if (providersAt < 0 && lower[2] === 'resourcegroups') return 'microsoft.resources/resourcegroups';
  return undefined;
}

/** ARM's refusal of an api-version that is malformed or that the resource type does not publish. */
export function apiVersionError(apiVersion: string, typeKey: string | undefined): ArmError | undefined {
  const entry = typeKey ? apiVersionTable[typeKey] : undefined;
  if (versionFormat.test(apiVersion) && (!entry || entry.versions.includes(apiVersion.toLowerCase()))) return undefined;
  const supported = entry ? `The supported versions are '${entry.versions.join(',')}'.` : "The supported versions are in the format 'YYYY-MM-DD' or 'YYYY-MM-DD-preview'.";
  return new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. ${supported}`);
}
