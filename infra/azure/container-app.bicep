// aksdr as an Azure Container App: a user-assigned managed identity, the storage account and blob
// container for its state (and per-policy leases), the custom role of aksdr-role.json assigned to
// the identity, and the app itself (2–3 replicas, probes on /healthz and /readyz, policies mounted
// from secrets). Deploy to a resource group in a region *other* than the ones it protects:
//   az deployment group create -g rg-aksdr -f infra/azure/container-app.bicep -p image=… policies=…
// The role is assigned at this resource group; assign it (same definition) at the resource groups of
// the clusters, the Traffic Manager profile and the registry too — see docs/OPERATIONS.md.
targetScope = 'resourceGroup'

@description('Region of the service: not one of the regions it protects.')
param location string = resourceGroup().location
param name string = 'aksdr'
@description('Container image, e.g. myacr.azurecr.io/aksdr:0.1.0.')
param image string
@description('Policy files: { "shop.yaml": "<yaml text>" }.')
param policies object
@description('Audience (application ID URI) of tokens the API accepts for commands.')
param apiAudience string = 'api://aksdr'
@minValue(1)
@maxValue(10)
param minReplicas int = 2

// The role aksdr needs, and nothing more: the single source is aksdr-role.json.
var role = loadJsonContent('aksdr-role.json')
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${name}state${uniqueString(resourceGroup().id)}', 24)
  location: location
  sku: { name: 'Standard_ZRS' }
  kind: 'StorageV2'
  properties: {
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource stateContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'aksdr-state'
}

resource stateAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: stateContainer
  name: guid(stateContainer.id, identity.id, storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource aksdrRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, role.Name)
  properties: {
    roleName: '${role.Name} (${resourceGroup().name})'
    description: role.Description
    type: 'CustomRole'
    permissions: [
      {
        actions: role.Actions
        notActions: role.NotActions
        dataActions: role.DataActions
        notDataActions: role.NotDataActions
      }
    ]
    assignableScopes: [resourceGroup().id]
  }
}

resource aksdrRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, identity.id, aksdrRole.id)
  properties: {
    roleDefinitionId: aksdrRole.id
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${name}-env'
  location: location
  properties: {
    zoneRedundant: false
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: { external: false, targetPort: 8080, transport: 'http' }
      secrets: [for file in items(policies): { name: replace(toLower(file.key), '.', '-'), value: file.value }]
    }
    template: {
      scale: { minReplicas: minReplicas, maxReplicas: 3 }
      volumes: [
        {
          name: 'policies'
          storageType: 'Secret'
          secrets: [for file in items(policies): { secretRef: replace(toLower(file.key), '.', '-'), path: file.key }]
        }
      ]
      containers: [
        {
          name: 'aksdr'
          image: image
          args: ['serve', '--policies', '/etc/aksdr/policies', '--listen', '0.0.0.0:8080', '--shutdown-timeout', '25']
          resources: { cpu: json('0.25'), memory: '0.5Gi' }
          env: [
            { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
            { name: 'AKSDR_STATE_CONTAINER_URL', value: '${storage.properties.primaryEndpoints.blob}aksdr-state' }
            { name: 'AKSDR_API_AUDIENCE', value: apiAudience }
            { name: 'AKSDR_API_ALLOWED_ROLES', value: 'aksdr.operator' }
            { name: 'AKSDR_STATE_DIR', value: '/tmp/aksdr' }
          ]
          volumeMounts: [{ volumeName: 'policies', mountPath: '/etc/aksdr/policies' }]
          probes: [
            { type: 'Liveness', httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 }
            { type: 'Readiness', httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 5 }
          ]
        }
      ]
    }
  }
}

output identityClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
output stateContainerUrl string = '${storage.properties.primaryEndpoints.blob}aksdr-state'
output roleDefinitionId string = aksdrRole.id
