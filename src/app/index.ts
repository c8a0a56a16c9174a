// The composition root's public surface.
export { createActionPorts, createDependencies, createObserver, createReadinessChecker, credentialFor, type Dependencies, type DependenciesOptions, type PolicySource } from './dependencies.js';
export { AzureAccessError, isConfigurationError } from './errors.js';
export { ClusterRouter } from './cluster-router.js';
