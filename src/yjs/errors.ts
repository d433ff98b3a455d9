// The Yjs binding's failures, in one table: call sites pass data, and only this file writes words
// (in development; a production build keeps the code, the operation and the path).

import { describe, extensionError, type Key } from '../core/internal'

const RESERVED = 'expected a key not starting with a single "$", found a key the doc keeps for itself'

export const yjsFail = {
  notBindable: (path: readonly Key[], found: unknown) =>
    extensionError('TYPE_MISMATCH', 'bindYjs', path, () => `expected an object to bind (or nothing yet), found ${describe(found)}`),
  reservedKey: (op: string, path: readonly Key[]) => extensionError('INVALID_VALUE', op, path, () => RESERVED),
  foreignType: (op: string, path: readonly Key[], name: string) =>
    extensionError('INVALID_VALUE', op, path, () => `expected a Y.Map, Y.Array, Y.Text or JSON, found a ${name}`),
  binary: (op: string, path: readonly Key[]) => extensionError('INVALID_VALUE', op, path, () => 'expected plain data, found binary content'),
  badReset: (op: string, path: readonly Key[], found: unknown) =>
    extensionError('TYPE_MISMATCH', op, path, () => `expected a counter whose reset is { value, seen }, found ${describe(found)}`),
  badCounter: (op: string, path: readonly Key[], found: unknown) =>
    extensionError('TYPE_MISMATCH', op, path, () => `expected a counter whose entries are numbers, found ${describe(found)}`),
}
