// Exhaustiveness guard for switches over discriminated unions: adding a variant without handling it
// is a compile error, and a value that slips past the types at run time fails loudly.
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
