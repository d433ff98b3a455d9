// The store: committed state, one dispatch queue, path-indexed subscribers.

import { fail } from './errors'
import { decode, encode } from './json'
import { type Executor, type ExecutorFactory, type Host, localExecutor } from './executor'
import { makeOp } from './ops'
import { type Key, ownKeys, toKeys } from './path'
import { DispatchQueue } from './queue'
import { Reader } from './read'
import { countNodes, type Listener, SubscriptionIndex } from './subscriptions'
import type { Recipe, TransactionOptions } from './transaction'
import type { Transaction } from './transaction-type'
import { asRoot } from './tree'
import type { DeepReadonly, Path, PathTo, PathValue } from './types'
import { adopt } from './value'
import { warnDottedPath } from './warn'
import { type LoggedOp, Writer } from './writer'

export interface DatastoreOptions {
  /** Receives errors thrown by subscribers. Without it they are rethrown asynchronously. */
  readonly onError?: ((error: unknown) => void) | undefined
}

type Item<A> = A extends readonly (infer E)[] ? E : unknown

/**
 * What a view layer needs from a store: synchronous reads and path subscriptions. A local store and
 * a remote replica both provide it, and the React hooks depend on nothing else.
 */
export type DatastoreLike<T extends object = Record<string, any>> = Pick<
  Datastore<T>,
  'get' | 'has' | 'subscribe' | 'state' | 'initialState' | 'version'
>

/** A raw mutation description, checked by `makeOp`. */
export type OpRequest = { type: string; path: unknown; value?: unknown; by?: unknown; values?: unknown }

/** One commit, as extensions (the bridge, devtools, history, persistence, Yjs) observe it. */
export interface Commit {
  readonly prev: unknown
  readonly next: unknown
  readonly version: number
  /** Paths at or under which everything that changed lies; `null` means anywhere. */
  readonly touched: readonly (readonly Key[])[] | null
  /** The mutation (`'increment'`, `'transaction'`, `'sync'`...) or the transaction's `name`. */
  readonly label: string
  /** The named mutations and `operate`s that made it, in order. */
  readonly ops: readonly LoggedOp[]
  /** Who issued it: `undefined` for the store's own callers, else the extension or bridge that did. */
  readonly origin: unknown
}

export type CommitObserver = (commit: Commit) => void

export interface StoreInternals {
  /** Issues a named mutation, as the store's own mutators do. */
  dispatch(request: OpRequest, origin?: unknown): Promise<unknown>
  /** Runs a job on the queue against a writer and commits what it wrote under `label`. */
  enqueue<R>(label: string, job: (writer: Writer) => R, origin?: unknown): Promise<R>
  /**
   * Runs a transaction, as the store's `transaction` does, on behalf of `origin`. `fn` also gets the
   * writer beneath the view, for code that applies patches.
   */
  transaction<R>(fn: (tx: Transaction<any>, writer: Writer) => R, options: TransactionOptions | undefined, origin: unknown): Promise<Awaited<R>>
  /** Observes every commit with what it touched, who made it, and how. Returns the stop function. */
  observe(observer: CommitObserver): () => void
  /** The store's parts that leak checks count: its subscribers, queue and observers. */
  readonly parts: readonly [SubscriptionIndex, DispatchQueue, ReadonlySet<CommitObserver>]
}

/**
 * A store of one immutable state tree. Every mutation is a job on the store's dispatch queue and
 * returns a Promise; reads are synchronous and see the last commit.
 *
 * @example
 * const store = createDatastore({ counter: 0, nested: { items: [] as string[] } })
 * await store.increment('counter', 5)          // 5
 * await store.append(['nested', 'items'], 'a')  // 1
 * await store.transaction((tx) => tx.set('counter', tx.get('counter') + 1))
 */
export class Datastore<T extends object = Record<string, any>> extends Reader<T> {
  #state: T
  readonly #initial: T
  #version = 0
  readonly #subscriptions = new SubscriptionIndex()
  readonly #queue = new DispatchQueue()
  readonly #report: (error: unknown) => void
  readonly #observers = new Set<CommitObserver>()
  readonly #executor: Executor

  constructor(initial?: T, options?: DatastoreOptions) {
    super()
    this.#state = this.#initial = asRoot('createDatastore', adopt('createDatastore', [], initial === undefined ? {} : initial)) as T
    const onError = options?.onError
    this.#report = onError
      ? (error) => {
          try {
            onError(error)
          } catch (failure) {
            reportLater(failure)
          }
        }
      : reportLater
    const store = this
    const host: Host = {
      queue: this.#queue,
      get root() {
        return store.#state
      },
      initial: this.#initial,
      get version() {
        return store.#version
      },
      run: (label, job, origin) => this.#run(label, job, origin),
      commit: (writer, label, origin, version) => this.#commit(writer, label, origin, version),
    }
    this.#executor = ((options as InternalOptions | undefined)?.[executorOf] ?? localExecutor)(host)
    cores.set(this, {
      dispatch: (request, origin) => this.#dispatch(request, origin),
      enqueue: (label, job, origin) => this.#run(label, job, origin),
      transaction: (fn, options, origin) => this.#executor.transaction(fn, options, origin),
      observe: (observer) => {
        this.#observers.add(observer)
        return () => void this.#observers.delete(observer)
      },
      parts: [this.#subscriptions, this.#queue, this.#observers],
    })
  }

  /** A store rebuilt from `toJSON()` output (or its JSON text). */
  static fromJSON<T extends object = Record<string, any>>(json: unknown, options?: DatastoreOptions): Datastore<T> {
    return fromJSON<T>(json, options)
  }

  protected current(): T {
    return this.#state
  }

  /** The current committed root, frozen. */
  get state(): DeepReadonly<T> {
    return this.#state as DeepReadonly<T>
  }

  /** The root the store was created with (React's server snapshot). */
  get initialState(): T {
    return this.#initial
  }

  /** Grows by one with every commit that changed something. */
  get version(): number {
    return this.#version
  }

  /** Sets the value at `path`, creating missing plain objects on the way. `set([], root)` replaces the root. */
  set<const P extends Path<T>>(path: P, value: DeepReadonly<PathValue<T, P>>): Promise<void> {
    return this.#dispatch({ type: 'set', path, value }) as Promise<void>
  }

  /** Removes the value at `path` (an array index is spliced out); resolves to whether there was one. */
  delete(path: Path<T>): Promise<boolean> {
    return this.#dispatch({ type: 'delete', path }) as Promise<boolean>
  }

  /** Sets `value` only where `path` does not resolve; resolves to the value now stored. */
  init<const P extends Path<T>>(path: P, value: DeepReadonly<PathValue<T, P>>): Promise<DeepReadonly<PathValue<T, P>>> {
    return this.#dispatch({ type: 'init', path, value }) as Promise<DeepReadonly<PathValue<T, P>>>
  }

  /** Adds `by` (default 1) to the number at `path`; a missing value counts as 0. */
  increment(path: PathTo<T, number>, by?: number): Promise<number> {
    return this.#dispatch({ type: 'increment', path, by }) as Promise<number>
  }

  /** Subtracts `by` (default 1) from the number at `path`; a missing value counts as 0. */
  decrement(path: PathTo<T, number>, by?: number): Promise<number> {
    return this.#dispatch({ type: 'decrement', path, by }) as Promise<number>
  }

  /** Pushes values onto the array at `path` (created if missing); resolves to the new length. */
  append<const P extends PathTo<T, readonly unknown[]>>(path: P, ...values: DeepReadonly<Item<PathValue<T, P>>>[]): Promise<number> {
    return this.#dispatch({ type: 'append', path, values }) as Promise<number>
  }

  /** Joins a string to a string, or an array to an array; a missing value becomes `value`. */
  concat<const P extends PathTo<T, string | readonly unknown[]>>(path: P, value: DeepReadonly<NonNullable<PathValue<T, P>>>): Promise<DeepReadonly<PathValue<T, P>>> {
    return this.#dispatch({ type: 'concat', path, value }) as Promise<DeepReadonly<PathValue<T, P>>>
  }

  /**
   * Runs `fn` on the value at `path` (which must exist), as an Immer recipe: mutate the draft or
   * return a new value. Resolves to the new value.
   *
   * @example
   * await store.operate(['config', 'database', 'port'], (port) => port + 1)
   * await store.operate(['todos'], (todos) => { todos.push({ title: 'x' }) })
   */
  operate<const P extends Path<T>>(path: P, fn: Recipe<PathValue<T, P>>): Promise<DeepReadonly<PathValue<T, P>>> {
    return this.#operate('operate', path, fn) as Promise<DeepReadonly<PathValue<T, P>>>
  }

  /** `operate` on one top-level key. */
  update<K extends Path<T> & string>(key: K, fn: Recipe<PathValue<T, K>>): Promise<DeepReadonly<PathValue<T, K>>> {
    return this.#operate('update', key, fn) as Promise<DeepReadonly<PathValue<T, K>>>
  }

  /**
   * Runs `fn` with a synchronous view of the store and commits all its changes at once. An async
   * `fn` holds the store across its awaits: every other mutation waits behind it.
   *
   * @example
   * await store.transaction(async (tx) => {
   *   const balance = tx.get('balance')
   *   await audit(balance)
   *   tx.set('balance', balance - 10)
   * }, { timeoutMs: 5000 })
   */
  transaction<R>(fn: (tx: Transaction<T>) => R, options?: TransactionOptions | null): Promise<Awaited<R>> {
    // The view only: the writer beneath it is not the caller's.
    return this.#executor.transaction(typeof fn === 'function' ? (tx) => fn(tx as Transaction<T>) : fn, options, undefined)
  }

  /**
   * Calls `listener(state, prevState)` after every commit, or `listener(value, prevValue)` after
   * every commit that changed the value at `path`. Returns the unsubscribe function.
   */
  subscribe(listener: (state: DeepReadonly<T>, prevState: DeepReadonly<T>) => void): () => void
  subscribe<const P extends Path<T>>(
    path: P,
    listener: (value: DeepReadonly<PathValue<T, P>>, prevValue: DeepReadonly<PathValue<T, P>>) => void,
  ): () => void
  subscribe(pathOrListener: unknown, listener?: Listener): () => void {
    if (typeof pathOrListener === 'function') return this.#subscriptions.add([], pathOrListener as Listener)
    const keys = toKeys('subscribe', pathOrListener)
    warnDottedPath('subscribe', this.#state, pathOrListener)
    if (typeof listener !== 'function') throw fail.typeMismatch('subscribe', keys, 'listener', listener)
    return this.#subscriptions.add(keys, listener)
  }

  /** A JSON-safe value that `fromJSON` turns back into an equal store. */
  toJSON(): unknown {
    return encode(this.#state)
  }

  /** Checks a named mutation where it is issued, and hands it to the executor. */
  #dispatch(request: OpRequest, origin?: unknown): Promise<unknown> {
    warnDottedPath(request.type, this.#state, request.path)
    try {
      return this.#executor.dispatch(makeOp(request), origin)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  #operate(label: string, path: unknown, fn: unknown): Promise<unknown> {
    try {
      const keys = ownKeys(label, path)
      if (typeof fn !== 'function') throw fail.typeMismatch(label, keys, 'function', fn)
      return this.#executor.operate(label, keys, fn as (value: never) => unknown, undefined)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Runs `job` on the queue against a writer, commits what it wrote, and settles with its result. */
  #run<R>(label: string, job: (writer: Writer) => R, origin: unknown): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push(() => {
        const writer = new Writer(this.#state)
        let result: R
        try {
          result = job(writer)
          this.#commit(writer, label, origin)
        } catch (error) {
          return reject(error)
        }
        resolve(result)
      })
    })
  }

  /** Seals what `writer` wrote and makes it the state; notifies subscribers of what changed. */
  #commit(writer: Writer, label: string, origin: unknown, version?: number): void {
    const next = writer.finish(label) as T
    const prev = this.#state
    if (next === prev) {
      if (version !== undefined) this.#version = version
      return
    }
    this.#state = next
    this.#version = version ?? this.#version + 1
    version = this.#version
    if (this.#observers.size) {
      const commit: Commit = { prev, next, version, touched: writer.touched, label, ops: writer.log, origin }
      for (const observer of this.#observers) observer(commit)
    }
    this.#subscriptions.notify(prev, next, writer.touched, this.#report)
  }
}

/** Where a store made elsewhere in the package (a replica) passes the executor it is to run with. */
export const executorOf = Symbol()

type InternalOptions = DatastoreOptions & { readonly [executorOf]?: ExecutorFactory }

/** Options that make a store run its mutations with `executor` instead of its own queue. */
export const withExecutor = (options: DatastoreOptions | undefined, executor: ExecutorFactory): DatastoreOptions =>
  ({ ...options, [executorOf]: executor }) as InternalOptions

const cores = new WeakMap<object, StoreInternals>()

/** The store's plumbing (see internal.ts), or `undefined` for anything that is not a store. */
export const internalsOf = (store: unknown): StoreInternals | undefined => cores.get(store as object)

/** Test-only view of a store's internals: its subscription index, queue and observers. */
export function inspectStore(store: unknown): { listeners: number; nodes: number; queued: number; observers: number } {
  const [subscriptions, queue, observers] = internalsOf(store)!.parts
  return { listeners: subscriptions.listeners, nodes: countNodes(subscriptions.root), queued: queue.pending, observers: observers.size }
}

/** Rethrows `error` outside the caller (`reportError`, or a microtask), so it is never swallowed. */
export function reportLater(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof report === 'function') report(error)
  else
    queueMicrotask(() => {
      throw error
    })
}

/**
 * Creates a store. Same as `new Datastore(initial, options)`.
 *
 * @example
 * const store = createDatastore({ user: { profile: { score: 0 } } })
 * store.get(['user', 'profile', 'score'])   // 0
 */
export function createDatastore<T extends object = Record<string, any>>(initial?: T, options?: DatastoreOptions): Datastore<T> {
  return new Datastore<T>(initial, options)
}

/** Rebuilds a store from `toJSON()` output. Same as `Datastore.fromJSON`. */
export function fromJSON<T extends object = Record<string, any>>(json: unknown, options?: DatastoreOptions): Datastore<T> {
  // Not `new this` in the static method: a class that names itself inside its body loses its name to bundlers.
  return new Datastore<T>(asRoot('fromJSON', decode(json)) as T, options)
}
