// From bytes or text to a parsed YAML document, defensively: policies may come from pull requests,
// so every hostile or broken input (wrong encoding, huge, deeply nested, alias bombs, several
// documents, syntax errors) ends as a positioned diagnostic in bounded time, never as a crash.
import { LineCounter, isCollection, isPair, parseAllDocuments, type Document, type YAMLError } from 'yaml';
import type { PolicyDiagnostic } from './diagnostics.js';

/** No real policy comes near 1 MiB; a bigger file is a mistake or an attack, refused unread. */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** A policy nests about 6 levels; 64 leaves room for anything sane and keeps recursion bounded. */
export const MAX_NESTING_DEPTH = 64;
/** Aliases are allowed (shared snippets), but not the exponential "billion laughs" expansion. */
export const MAX_ALIAS_COUNT = 100;
/** After this many YAML syntax errors the rest is noise. */
const MAX_SYNTAX_ERRORS = 20;

export interface ParsedYaml {
  document: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
}

type Problem = Omit<PolicyDiagnostic, 'file'>;

function problem(rule: string, message: string, line = 1, col = 1, hint?: string): Problem {
  return { severity: 'error', line, col, path: '', message, rule, ...(hint ? { hint } : {}) };
}

/** Decodes file bytes as UTF-8 (BOM allowed), refusing UTF-16/32 and invalid sequences with a position. */
export function decodePolicyBytes(bytes: Uint8Array): { text: string } | { problem: Problem } {
  const [b0, b1, b2, b3] = bytes;
  const hint = 'save the file as UTF-8';
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    const kind = b0 === 0 || (b2 === 0 && b3 === 0) ? 'UTF-32' : 'UTF-16';
    return { problem: problem('file.encoding', `file is ${kind} encoded (byte order mark found); policies must be UTF-8`, 1, 1, hint) };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const { line, col } = positionOfIndex(lossy, lossy.indexOf('\uFFFD'));
    return { problem: problem('file.encoding', 'file is not valid UTF-8 (first invalid byte here)', line, col, hint) };
  }
}

function positionOfIndex(text: string, index: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, index));
  const lastNewline = before.lastIndexOf('\n');
  return { line: before.split('\n').length, col: index - lastNewline };
}

/** Flow collections (`[[[[…`) are the cheap way to nest deeply; find them before the parser recurses. */
function findExcessiveFlowNesting(text: string): number | undefined {
  let depth = 0;
  // Quotes are tracked so brackets inside strings do not count; a stray apostrophe in a plain scalar
  // can only make us under-count, and the parsed-tree check below still catches real depth.
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === '\\' && quote === '"') index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (index === 0 || /\s/.test(text[index - 1] ?? ''))) {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end;
    } else if (char === '[' || char === '{') {
      if (++depth > MAX_NESTING_DEPTH) return index;
    } else if ((char === ']' || char === '}') && depth > 0) depth--;
  }
  return undefined;
}

function ruleOfYamlError(error: YAMLError): string {
  if (error.code === 'DUPLICATE_KEY') return 'yaml.duplicate-key';
  if (error.code === 'RESOURCE_EXHAUSTION') return 'yaml.too-deep';
  return 'yaml.syntax';
}

/** Offset of a node nested too deeply, found iteratively (a recursive walk is what we guard against). */
function nestingDepthExceeded(document: Document.Parsed): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() ?? { node: undefined, depth: 0 };
    if (depth > MAX_NESTING_DEPTH) return (node as { range?: readonly number[] } | null)?.range?.[0] ?? 0;
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) stack.push({ node: item.value, depth: depth + 1 });
        else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

export function parsePolicyYaml(text: string): { parsed?: ParsedYaml; problems: Problem[] } {
  if (text.length > MAX_POLICY_BYTES) {
    return { problems: [problem('file.too-large', `file is larger than ${MAX_POLICY_BYTES} bytes; a policy is a few kilobytes`)] };
  }
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const nul = source.indexOf('\u0000');
  if (nul !== -1) {
    const { line, col } = positionOfIndex(source, nul);
    return { problems: [problem('file.encoding', 'file contains NUL characters; is it UTF-16 without a byte order mark?', line, col, 'save the file as UTF-8')] };
  }
  const tooDeepAt = findExcessiveFlowNesting(source);
  if (tooDeepAt !== undefined) {
    const { line, col } = positionOfIndex(source, tooDeepAt);
    return { problems: [problem('yaml.too-deep', `YAML nests deeper than ${MAX_NESTING_DEPTH} levels`, line, col)] };
  }

  const lineCounter = new LineCounter();
  const at = (offset: number): { line: number; col: number } => lineCounter.linePos(offset);
  const documents = parseAllDocuments(source, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, stringKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  const [document, ...rest] = list;
  if (!document) return { problems: [problem('yaml.empty', 'file contains no YAML document', 1, 1, 'start from one of the examples in policies/')] };

  const problems: Problem[] = [];
  const errors = list.flatMap((doc) => doc.errors);
  for (const error of errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const { line, col } = at(error.pos[0]);
    problems.push(problem(ruleOfYamlError(error), error.message.split('\n')[0] ?? error.message, line, col));
  }
  if (errors.length > MAX_SYNTAX_ERRORS) problems.push(problem('yaml.syntax', `${errors.length - MAX_SYNTAX_ERRORS} more YAML errors not shown`));
  const second = rest.find((doc) => doc.contents !== null);
  if (second) {
    const { line, col } = at(second.range[0]);
    problems.push(problem('yaml.multiple-documents', 'file contains more than one YAML document; one policy per file', line, col, 'move each policy into its own file'));
  }
  for (const warning of document.warnings) {
    const { line, col } = at(warning.pos[0]);
    problems.push({ ...problem('yaml.warning', warning.message.split('\n')[0] ?? warning.message, line, col), severity: 'warning' });
  }
  if (problems.some((p) => p.severity === 'error')) return { problems };
  if (document.contents === null) return { problems: [...problems, problem('yaml.empty', 'file contains no policy', 1, 1, 'start from one of the examples in policies/')] };

  const deepAt = nestingDepthExceeded(document);
  if (deepAt !== undefined) {
    const { line, col } = at(deepAt);
    return { problems: [...problems, problem('yaml.too-deep', `YAML nests deeper than ${MAX_NESTING_DEPTH} levels`, line, col)] };
  }
  try {
    const value: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { parsed: { document, lineCounter, value }, problems };
  } catch (error) {
    const isAliasBomb = error instanceof ReferenceError || /alias/i.test(error instanceof Error ? error.message : '');
    const message = isAliasBomb
      ? `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT}); this looks like an alias bomb`
      : `YAML could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { problems: [...problems, problem(isAliasBomb ? 'yaml.alias-limit' : 'yaml.syntax', message)] };
  }
}
