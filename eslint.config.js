// Lint rules: typescript-eslint's type-aware recommended set, strict about `any` leaking in.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', '.aksdr-lab/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
      // TLS verification is never switched off, in product code or tests: trust a CA explicitly instead (AKSDR_CA_FILE, the lab's ca.pem).
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='rejectUnauthorized'][value.value=false]", message: 'never turn TLS verification off; trust the CA explicitly (ca option, AKSDR_CA_FILE)' },
        { selector: "Property[key.name=/^(skipTLSVerify|insecureSkipTLSVerify)$/][value.value=true]", message: 'never skip TLS verification; give the cluster CA instead' },
        { selector: "Literal[value='NODE_TLS_REJECT_UNAUTHORIZED']", message: 'never turn TLS verification off through the environment' },
        { selector: "MemberExpression[property.name='NODE_TLS_REJECT_UNAUTHORIZED']", message: 'never turn TLS verification off through the environment' },
      ],
    },
  },
  {
    // Product code never reaches into the lab: the lab is a fixture and a demo world.
    files: ['src/**/*.ts'],
    ignores: ['src/lab/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/lab/**', '../lab/*'], message: 'product code must not import the lab' }] }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
