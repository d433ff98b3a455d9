// Every error the library raises: one class, and one table with an entry per kind of failure. Call
// sites pass data (the operation, the path, what was found, the name of what was expected); only the
// table writes words. A production build keeps the code, the operation and the path; the full
// explanation is for development, behind the same `NODE_ENV` check as the warnings.

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

/** What a type check expected, by name. */
export type Expected = keyof typeof EXPECTED

/** A value refused for what it is, by name. */
export type Refusal = keyof typeof REFUSALS

export const EXPECTED = {
  number: 'a number',
  by: 'a finite number to add',
  values: 'a list of values',
  array: 'an array',
  set: 'a Set',
  stringOrArray: 'a string or an array',
  stringToString: 'a string to join to a string',
  arrayToArray: 'an array to join to an array',
  function: 'a function',
  listener: 'a listener function',
  name: 'name to be a string',
  signal: 'signal to be an AbortSignal',
  timeoutMs: 'timeoutMs to be a non-negative number',
  heartbeatMs: 'heartbeatMs to be a number of ms above 0',
  silenceMs: 'timeoutMs to be a number of ms above 0',
  base: 'a base version',
}

/** Each refusal: what was found (from the data it is given), and what was expected. */
export const REFUSALS = {
  value: [describe, 'plain data'],
  notFinite: [(found: unknown) => `number ${String(found)}`, 'a finite number'],
  infiniteResult: [(found: unknown) => `number ${String(found)}`, 'a finite result'],
  tooDeep: [(depth: unknown) => `a value nested deeper than ${depth} levels`, 'plain data'],
  tooDeepToCheck: [(error: unknown) => `a value nested too deeply to check (${String(error)})`, 'plain data'],
  throwsWhenRead: [(error: unknown) => `a value that throws when read (${String(error)})`, 'plain data'],
  cycle: [() => 'a cycle (a value that contains itself)', 'plain data'],
  draft: [() => 'an Immer draft that outlived its recipe', 'plain data'],
  sparse: [() => 'a sparse array (it has holes)', 'an array without holes'],
  mapKey: [(key: unknown) => `a Map key that is ${describe(key)}`, 'Map keys that are strings or finite numbers'],
  invalidDate: [() => 'an invalid Date', 'a valid Date'],
  symbolKeys: [() => 'an object with symbol keys', 'plain data'],
  accessor: [() => 'a getter or setter', 'plain data properties'],
  malformedObject: [() => 'a malformed $object', 'an object'],
  malformedTag: [(tag: unknown) => `a malformed ${tag}`, 'an array'],
  malformedEntry: [() => 'a malformed Map entry', 'a [key, value] pair'],
  root: [describe, 'an object, array or Map as the root'],
  asyncRecipe: [() => 'a function that returned a Promise', 'a synchronous function (await inside an async transaction instead)'],
  immerRecipe: [(message: unknown) => `a recipe Immer refused: ${message}`, 'a recipe that changes its draft or returns a new value, not both'],
  mutation: [(type: unknown) => (typeof type === 'string' ? `"${type}"` : String(type)), 'a known mutation'],
  notJson: [() => 'text that is not JSON', 'JSON text or a value from toJSON()'],
  patches: [describe, 'a list of patches'],
  patchOutside: [() => 'a patch outside its path', (within: unknown) => `a path under ${formatPath(within as Key[])}`],
  patchOp: [(op: unknown) => `the patch op ${describe(op)}`, 'add, replace, remove or elements'],
  elements: [describe, 'the elements removed and added'],
  endpoint: [describe, 'a Worker, MessagePort or worker_threads endpoint'],
  uncloneable: [(error: unknown) => `${describe(error)}: ${String(error)}`, 'a value the structured clone can copy'],
  owner: [describe, 'a store made by createDatastore'],
  secondBridge: [(tag: unknown) => `a second bridge tagged '${tag}'`, 'each bridge on an endpoint to have its own name option'],
  message: [(kind: unknown) => `a message of kind ${describe(kind)}`, 'a known message'],
} satisfies Record<string, readonly [(found: unknown) => string, string | ((found: unknown) => string)]>

/** Each kind of failure's full explanation, from the data its factory was given. Development only. */
const EXPLAIN = {
  pathNotFound: () => 'expected an existing value, found nothing there',
  notAContainer: (at: readonly Key[], found: unknown) => `expected an object, array or Map at ${formatPath(at)}, found ${describe(found)}`,
  typeMismatch: (expected: Expected, found: unknown) => `expected ${EXPECTED[expected]}, found ${describe(found)}`,
  invalidPath: (found: unknown, limit?: number) =>
    `expected a path (${limit === undefined ? 'a string or an array of strings and numbers' : `at most ${limit} keys`}), found ${describePath(found)}`,
  badIndex: (index: Key, length: number) => `expected an array index from 0 to ${length}, found ${describe(index)}`,
  rootPatch: () => 'expected a path (a non-empty path for add and remove), found []',
  rootDelete: () => 'the root cannot be deleted; use set([], value) to replace it',
  forbiddenKey: (key: string) => `the key "${key}" is forbidden (it could reach Object.prototype)`,
  invalidValue: (refusal: Refusal, found: unknown) => {
    const [found_, expected] = REFUSALS[refusal]
    return `expected ${typeof expected === 'string' ? expected : expected(found)}, found ${found_(found)}`
  },
  timeout: (ms: number) => `did not finish within ${ms} ms and was rolled back`,
  aborted: (reason: unknown) => `aborted${reason === undefined ? '' : ` (${asText(reason)})`}; nothing was committed`,
  finished: () => 'the transaction has already ended; its view can no longer be used',
  disconnected: (why: string) => why,
  noStore: (provider?: string) =>
    provider === undefined
      ? 'useDatastore: no store found. Wrap the component in <DatastoreProvider store={store}>, or pass the store: useDatastore(store, path)'
      : `useDatastore: no store found. Wrap the component in the <${provider} store={store}> of the same createDatastoreContext() as this hook`,
  immutable: () => '[atomic-datastore] committed state is immutable; change it through the store',
} satisfies Record<string, (...data: any[]) => string>

type Kind = keyof typeof EXPLAIN

/**
 * The message of a failure of `kind` in `op` at `path`: in development, its full explanation; in a
 * production build, the operation, the path and the code (and `detail`, a reason given as data).
 */
function message<K extends Kind>(kind: K, code: string, op: string, path: readonly Key[] | undefined, data: Parameters<(typeof EXPLAIN)[K]>, detail?: string): string {
  const text =
    typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
      ? (EXPLAIN[kind] as (...data: unknown[]) => string)(...data)
      : detail === undefined
        ? code
        : `${code}: ${detail}`
  return op ? `${where(op, path)}: ${text}` : text
}

function error<K extends Kind>(kind: K, code: DatastoreErrorCode, op: string, path: readonly Key[] | undefined, data: Parameters<(typeof EXPLAIN)[K]>, detail?: string, cause?: unknown) {
  return new DatastoreError(code, message(kind, code, op, path, data, detail), path, cause)
}

const where = (op: string, path: readonly Key[] | undefined) => (path === undefined ? op : `${op} ${formatPath(path)}`)

/** The table's factories: one per kind of failure, each given only data. */
export const fail = {
  pathNotFound: (op: string, path: readonly Key[]) => error('pathNotFound', 'PATH_NOT_FOUND', op, path, []),
  notAContainer: (op: string, path: readonly Key[], at: readonly Key[], found: unknown) => error('notAContainer', 'NOT_A_CONTAINER', op, path, [at, found]),
  typeMismatch: (op: string, path: readonly Key[], expected: Expected, found: unknown) => error('typeMismatch', 'TYPE_MISMATCH', op, path, [expected, found]),
  /** A path that is not one: `found` is what was given; `limit`, the most keys a path may have, if that was the fault. */
  invalidPath: (op: string, found: unknown, limit?: number) =>
    // The message shows what was given, not the keys picked out of it.
    new DatastoreError('INVALID_PATH', message('invalidPath', 'INVALID_PATH', op, undefined, [found, limit]), pathOf(found)),
  badIndex: (op: string, path: readonly Key[], index: Key, length: number) => error('badIndex', 'INVALID_PATH', op, path, [index, length]),
  /** An add or remove patch at the root, which only a replace may touch. */
  rootPatch: (op: string) => error('rootPatch', 'INVALID_PATH', op, [], []),
  rootDelete: (op: string) => error('rootDelete', 'INVALID_PATH', op, [], []),
  forbiddenKey: (op: string, path: readonly Key[], key: string) => error('forbiddenKey', 'FORBIDDEN_KEY', op, path, [key]),
  /** A value refused for what it is (`refusal`); `found` is the data its description is made from. */
  invalidValue: (op: string, path: readonly Key[], refusal: Refusal, found?: unknown) => error('invalidValue', 'INVALID_VALUE', op, path, [refusal, found]),
  timeout: (op: string, ms: number) => error('timeout', 'TIMEOUT', op, undefined, [ms]),
  aborted: (op: string, reason?: unknown) => error('aborted', 'ABORTED', op, undefined, [reason], undefined, reason),
  finished: (op: string) => error('finished', 'ABORTED', op, undefined, []),
  disconnected: (op: string, why: string) => error('disconnected', 'DISCONNECTED', op, undefined, [why], why),
  noStore: (provider?: string) => error('noStore', 'NO_STORE', '', undefined, [provider]),
  /** What a mutating method of a committed Map, Set or Date throws, as a frozen object would. */
  immutable: () => new TypeError(message('immutable', 'IMMUTABLE', '', undefined, [])),
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

/**
 * A failure an extension describes: its own table writes the explanation (`explain`, called in
 * development only), and the message follows the core's rules, so the core carries none of its words.
 */
export function extensionError(code: DatastoreErrorCode, op: string, path: readonly Key[] | undefined, explain: () => string, cause?: unknown): DatastoreError {
  const text = typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' ? explain() : code
  return new DatastoreError(code, op ? `${where(op, path)}: ${text}` : text, path, cause)
}
