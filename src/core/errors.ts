// Every error the library raises: one class, one table of codes and messages.

import type { Key } from './path'

export type DatastoreErrorCode =
  | 'PATH_NOT_FOUND'
  | 'NOT_A_CONTAINER'
  | 'TYPE_MISMATCH'
  | 'INVALID_PATH'
  | 'FORBIDDEN_KEY'
  | 'INVALID_VALUE'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'DISCONNECTED'
  | 'NO_STORE'
  | 'STORAGE'

/**
 * The one error type of atomic-datastore. `code` says what went wrong, `path` where.
 *
 * @example
 * try { await store.increment('name') } catch (e) {
 *   if (e instanceof DatastoreError && e.code === 'TYPE_MISMATCH') console.log(e.path)
 * }
 */
export class DatastoreError extends Error {
  override name = 'DatastoreError'
  readonly code: DatastoreErrorCode
  readonly path: readonly Key[] | undefined

  constructor(code: DatastoreErrorCode, message: string, path?: readonly Key[], cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.code = code
    this.path = path
  }
}

/** `['user','score']`, the way paths are written in messages. */
export function formatPath(path: readonly unknown[]): string {
  const show = (key: unknown) => (typeof key === 'string' ? `'${key}'` : String(key))
  if (path.length <= 12) return `[${path.map(show).join(',')}]`
  const head = path.slice(0, 4).map(show).join(',')
  const tail = path.slice(-4).map(show).join(',')
  return `[${head},…${path.length - 8} more…,${tail}]`
}

/** A short description of a value for messages: `string "x"`, `a function`, `an array`. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`
    case 'bigint':
      return `bigint ${String(value)}n`
    case 'symbol':
      return 'a symbol'
    case 'function':
      return 'a function'
  }
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Map) return 'a Map'
  if (value instanceof Set) return 'a Set'
  if (value instanceof Date) return 'a Date'
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === Object.prototype || proto === null) return 'an object'
  const name = (proto as { constructor?: { name?: string } }).constructor?.name
  return name ? `an instance of ${name}` : 'an object with a foreign prototype'
}

const where = (op: string, path: readonly Key[] | undefined) =>
  path === undefined ? op : `${op} ${formatPath(path)}`

/** The message table: every message the library writes, in one place. */
export const fail = {
  pathNotFound: (op: string, path: readonly Key[]) =>
    new DatastoreError('PATH_NOT_FOUND', `${where(op, path)}: expected an existing value, found nothing there`, path),
  notAContainer: (op: string, path: readonly Key[], at: readonly Key[], found: unknown) =>
    new DatastoreError(
      'NOT_A_CONTAINER',
      `${where(op, path)}: expected an object, array or Map at ${formatPath(at)}, found ${describe(found)}`,
      path,
    ),
  typeMismatch: (op: string, path: readonly Key[], expected: string, found: unknown) =>
    new DatastoreError('TYPE_MISMATCH', `${where(op, path)}: expected ${expected}, found ${describe(found)}`, path),
  invalidPath: (op: string, found: unknown, why = 'a string or an array of strings and numbers') =>
    new DatastoreError('INVALID_PATH', `${op}: expected a path (${why}), found ${describePath(found)}`, pathOf(found)),
  badIndex: (op: string, path: readonly Key[], index: Key, length: number) =>
    new DatastoreError(
      'INVALID_PATH',
      `${where(op, path)}: expected an array index from 0 to ${length}, found ${describe(index)}`,
      path,
    ),
  rootDelete: (op: string) =>
    new DatastoreError('INVALID_PATH', `${op} []: the root cannot be deleted; use set([], value) to replace it`, []),
  forbiddenKey: (op: string, path: readonly Key[], key: string) =>
    new DatastoreError(
      'FORBIDDEN_KEY',
      `${where(op, path)}: the key "${key}" is forbidden (it could reach Object.prototype)`,
      path,
    ),
  invalidValue: (op: string, path: readonly Key[], found: string, expected = 'plain data') =>
    new DatastoreError('INVALID_VALUE', `${where(op, path)}: expected ${expected}, found ${found}`, path),
  timeout: (op: string, ms: number) =>
    new DatastoreError('TIMEOUT', `${op}: did not finish within ${ms} ms and was rolled back`),
  aborted: (op: string, reason?: unknown) =>
    new DatastoreError('ABORTED', `${op}: aborted${reason === undefined ? '' : ` (${asText(reason)})`}; nothing was committed`, undefined, reason),
  finished: (op: string) =>
    new DatastoreError('ABORTED', `${op}: the transaction has already ended; its view can no longer be used`),
  disconnected: (op: string, why: string) =>
    new DatastoreError('DISCONNECTED', `${op}: ${why}`),
  noStore: (provider?: string) =>
    new DatastoreError(
      'NO_STORE',
      provider === undefined
        ? 'useDatastore: no store found. Wrap the component in <DatastoreProvider store={store}>, or pass the store: useDatastore(store, path)'
        : `useDatastore: no store found. Wrap the component in the <${provider} store={store}> of the same createDatastoreContext() as this hook`,
    ),
}

/** `String(value)`, or a description where it cannot be turned into a string (no `toString`, or one that throws). */
function asText(value: unknown): string {
  try {
    return String(value)
  } catch {
    return describe(value)
  }
}

function describePath(found: unknown): string {
  if (Array.isArray(found)) return `[${found.map((key) => describe(key)).join(', ')}]`
  return describe(found)
}

function pathOf(found: unknown): Key[] | undefined {
  if (typeof found === 'string') return [found]
  if (!Array.isArray(found)) return undefined
  return found.filter((key): key is Key => typeof key === 'string' || typeof key === 'number')
}
