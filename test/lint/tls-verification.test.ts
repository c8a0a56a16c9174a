// The lint rule that forbids switching TLS verification off, anywhere in the repository: the lab
// serves HTTPS with its own CA precisely so that nothing ever needs to.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

async function messagesFor(code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  // Linted as a file the lint configuration knows (any file gets the rule); the text is ours.
  const [result] = await eslint.lintText(code, { filePath: 'eslint.config.js' });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('lint: TLS verification stays on', () => {
  it.each([
    ['rejectUnauthorized: false', 'export const agent = { rejectUnauthorized: false };\n'],
    ['skipTLSVerify: true', 'export const cluster = { skipTLSVerify: true };\n'],
    ['the environment switch', "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n"],
  ])('refuses %s', async (_name, code) => {
    expect((await messagesFor(code)).join('\n')).toMatch(/never (turn|skip) TLS verification/);
  });

  it('accepts an explicit CA', async () => {
    expect(await messagesFor("export const agent = { ca: 'pem', rejectUnauthorized: true };\n")).toEqual([]);
  });
});
