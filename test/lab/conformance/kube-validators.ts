// Validators for every kind the lab's API servers serve, none written by hand: built-in kinds use
// the `kubernetes-models` classes generated from the Kubernetes OpenAPI; Velero kinds use the
// `openAPIV3Schema` of Velero's own CRDs (from ../shared/contracts/velero). For CRDs the API server
// prunes fields the schema does not declare, so a field outside the schema is an error here too.
import { Status } from '@kubernetes-models/apimachinery/apis/meta/v1/Status';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Deployment, DeploymentList } from 'kubernetes-models/apps/v1';
import { Scale } from 'kubernetes-models/autoscaling/v1';
import { Namespace, NamespaceList, Node, NodeList } from 'kubernetes-models/v1';
import { parse } from 'yaml';
import { readShared } from '../../fixtures/shared-files.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule.default;

/** Returns the problems with an object; empty when it is valid. */
export type KindValidator = (obj: unknown) => string[];

interface ModelClass {
  new (data: never): { validate(): void };
}

function fromModel(model: ModelClass): KindValidator {
  return (obj) => {
    try {
      new model(obj as never).validate();
      return [];
    } catch (error) {
      return [String(error instanceof Error ? error.message : error)];
    }
  };
}

const builtIns: Record<string, ModelClass> = {
  'v1/Node': Node,
  'v1/NodeList': NodeList,
  'v1/Namespace': Namespace,
  'v1/NamespaceList': NamespaceList,
  'apps/v1/Deployment': Deployment,
  'apps/v1/DeploymentList': DeploymentList,
  'autoscaling/v1/Scale': Scale,
  // Errors: the API server's Status objects (apiVersion v1, as it writes them).
  'v1/Status': Status,
};

export const veleroCrdFiles: Record<string, string> = {
  Backup: 'contracts/velero/velero.io_backups.yaml',
  Restore: 'contracts/velero/velero.io_restores.yaml',
  Schedule: 'contracts/velero/velero.io_schedules.yaml',
  BackupStorageLocation: 'contracts/velero/velero.io_backupstoragelocations.yaml',
};

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  [keyword: string]: unknown;
}

/** What the API server's pruning implies: an object schema with declared properties admits no others. */
function closed(schema: Schema): Schema {
  const copy: Schema = { ...schema };
  if (copy.properties) {
    copy.properties = Object.fromEntries(Object.entries(copy.properties).map(([k, v]) => [k, closed(v)]));
    if (copy.additionalProperties === undefined && copy['x-kubernetes-preserve-unknown-fields'] !== true) copy.additionalProperties = false;
  }
  if (copy.items) copy.items = closed(copy.items);
  if (typeof copy.additionalProperties === 'object') copy.additionalProperties = closed(copy.additionalProperties);
  return copy;
}

function fromCrd(ajv: Ajv, file: string): KindValidator {
  const crd = parse(readShared(file)) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } };
  const version = crd.spec.versions.find((v) => v.name === 'v1');
  if (!version) throw new Error(`${file} has no v1 schema`);
  const validate: ValidateFunction = ajv.compile(closed(version.schema.openAPIV3Schema));
  return (obj) => (validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}

/** Validators by `apiVersion/kind`; Velero's also for their `…List`, item by item. */
export function kindValidators(): Map<string, KindValidator> {
  const validators = new Map<string, KindValidator>();
  for (const [key, model] of Object.entries(builtIns)) validators.set(key, fromModel(model));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [kind, file] of Object.entries(veleroCrdFiles)) {
    const item = fromCrd(ajv, file);
    validators.set(`velero.io/v1/${kind}`, item);
    validators.set(`velero.io/v1/${kind}List`, (list) => {
      const items = (list as { items?: unknown }).items;
      if (!Array.isArray(items)) return ['items is not an array'];
      return items.flatMap((entry, i) => item(entry).map((p) => `items[${i}]: ${p}`));
    });
  }
  return validators;
}
