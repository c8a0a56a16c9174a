// Renders a policy object as commented YAML that validates: the lab writes its demo policy with it,
// and `policy explain` prints the effective policy with it. Comments come from the schema's
// descriptions, so they cannot drift from what validation enforces.
import { Document, isMap, isScalar, isSeq } from 'yaml';
import type { PathSegment } from './diagnostics.js';
import { failoverPolicySchema, type FailoverPolicy, type FailoverPolicyInput } from './schema.js';
import { descriptionAt } from './schema-walk.js';

export interface RenderPolicyOptions {
  /**
   * Where editors find the JSON Schema, written as the first-line modeline
   * `# yaml-language-server: $schema=<schemaComment>`. Default `./schema.json`; `''` leaves it out.
   */
  schemaComment?: string;
  /** Comment each field with its description from the schema (default true). */
  describeFields?: boolean;
}

function annotate(node: unknown, path: PathSegment[], describe: boolean): void {
  if (isMap(node)) {
    node.items.forEach((pair, index) => {
      if (!isScalar(pair.key)) return;
      const key = String(pair.key.value);
      const description = describe ? descriptionAt(failoverPolicySchema, [...path, key]) : undefined;
      // In a list item the first key shares the line with `- `; its comment goes above the item.
      const inListItem = index === 0 && typeof path.at(-1) === 'number';
      if (description && inListItem) node.commentBefore = ` ${description}`;
      else if (description) pair.key.commentBefore = ` ${description}`;
      annotate(pair.value, [...path, key], describe);
    });
  } else if (isSeq(node)) {
    // Short lists of plain values read best on one line: `steps: [50, 100]`.
    if (node.items.every((item) => isScalar(item))) node.flow = true;
    // Describe the fields of the first item only; repeating them for every region is noise.
    node.items.forEach((item, index) => annotate(item, [...path, index], describe && index === 0));
  }
}

export function renderPolicyYaml(input: FailoverPolicyInput | FailoverPolicy, options: RenderPolicyOptions = {}): string {
  const document = new Document(input);
  annotate(document.contents, [], options.describeFields ?? true);
  const schemaComment = options.schemaComment ?? './schema.json';
  if (schemaComment !== '') document.commentBefore = ` yaml-language-server: $schema=${schemaComment}`;
  // lineWidth 0: never fold long resource ids over several lines.
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}
