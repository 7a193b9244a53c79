/** Schema names are interpolated into SQL; only plain identifiers are allowed. */
export function assertSqlIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}
