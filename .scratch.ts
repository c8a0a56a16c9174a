import { readFileSync } from 'node:fs';
import { parsePolicyText } from './src/policy/parse.js';
import { renderPolicyYaml } from './src/policy/render.js';
const r = parsePolicyText(readFileSync('policies/priority-pair.yaml', 'utf8'), 'x');
const text = renderPolicyYaml(r.policy!);
console.log(text);
console.log(parsePolicyText(text, 'y').diagnostics);
