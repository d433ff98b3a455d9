// Undo and redo for a store: each local commit (a transaction is one) becomes a step holding the
// patches that revert it. Undo and redo are jobs on the store's queue; commits from other writers are
// never undone, and a place another writer changed after a step is left as they left it.

import { type Commit, coreOf, type Datastore, describe, extensionError, fail, isPrefix, type Key, type Patches, toKeys, type Writer } from '../core/internal'
import { applyStep, revertOf, type Touched, within } from './steps'

export interface HistoryOptions {
  /** How many steps undo can go back; the oldest are dropped past it. Default 100. */
  readonly limit?: number
  /** Records only the changes inside this path (one document of many). Default: the whole state. */
  readonly path?: string | readonly Key[]
  /** Merges a local commit into the step before it when it follows within this many ms (typing). Default 0. */
  readonly mergeWithinMs?: number
}

interface Step {
  /** The patches that revert the step. */
  patches: Patches
  /** The number of the last commit by another writer before the step; theirs after it are kept. */
  readonly since: number
  /** When the step's last commit was made, for merging. */
  at: number
}

export interface History {
  /** Reverts the last local step, as a job on the store's queue. Resolves to whether there was one. */
  undo(): Promise<boolean>
  /** Makes the last undone step again, as a job on the store's queue. Resolves to whether there was one. */
  redo(): Promise<boolean>
  readonly canUndo: boolean
  readonly canRedo: boolean
  /** Calls `listener` whenever `canUndo` or `canRedo` changes. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** Forgets every step. */
  clear(): void
  /** Stops recording and forgets every step; undo and redo then resolve to `false`. */
  stop(): void
}

class StoreHistory implements History {
  readonly #store: Datastore<any>
  readonly #limit: number
  readonly #scope: readonly Key[]
  readonly #mergeWithinMs: number
  #undos: Step[] = []
  #redos: Step[] = []
  /** How many commits other writers made, and what those that reached into the scope touched. */
  #foreign = 0
  #others: { readonly n: number; readonly touched: Touched }[] = []
  /** Whether the job now committing undoes or redoes. */
  #doing: 'undo' | 'redo' | undefined
  readonly #listeners = new Set<() => void>()
  #heard = 0
  #unobserve: (() => void) | undefined

  constructor(store: Datastore<any>, options: HistoryOptions) {
    const { limit = 100, path = [], mergeWithinMs = 0 } = options
    if (!(Number.isInteger(limit) && limit > 0)) throw extensionError('TYPE_MISMATCH', 'createHistory', [], () => `expected limit to be a whole number above 0, found ${describe(limit)}`)
    if (!(mergeWithinMs >= 0)) throw extensionError('TYPE_MISMATCH', 'createHistory', [], () => `expected mergeWithinMs to be a number of 0 or more, found ${describe(mergeWithinMs)}`)
    this.#store = store
    this.#limit = limit
    this.#scope = toKeys('createHistory', path).slice()
    this.#mergeWithinMs = mergeWithinMs
    this.#unobserve = coreOf(store).observe((commit) => this.#record(commit))
  }

  get canUndo(): boolean {
    return this.#undos.length > 0
  }

  get canRedo(): boolean {
    return this.#redos.length > 0
  }

  undo(): Promise<boolean> {
    return this.#run('undo', this.#undos)
  }

  redo(): Promise<boolean> {
    return this.#run('redo', this.#redos)
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => void this.#listeners.delete(listener)
  }

  clear(): void {
    this.#undos = []
    this.#redos = []
    this.#prune()
    this.#notify()
  }

  stop(): void {
    this.#unobserve?.()
    this.#unobserve = undefined
    this.clear()
  }

  /**
   * Takes steps off `stack` until one changes the state, as Yjs's UndoManager does: a step whose
   * every change was since overwritten by others is dropped. Its commit records the opposite step.
   */
  #run(kind: 'undo' | 'redo', stack: Step[]): Promise<boolean> {
    return coreOf(this.#store).enqueue(
      kind,
      (writer: Writer) => {
        this.#doing = undefined
        try {
          while (this.#unobserve && stack.length) {
            const step = stack.pop()!
            if (applyStep(writer, kind, this.#scope, step.patches, this.#othersSince(step.since))) {
              this.#doing = kind
              return true
            }
          }
        } catch (error) {
          this.#notify()
          throw error
        }
        this.#notify()
        return false
      },
      this,
    )
  }

  #record(commit: Commit): void {
    if (commit.origin === this) {
      const kind = this.#doing
      this.#doing = undefined
      const step = this.#stepOf(commit)
      if (step) (kind === 'undo' ? this.#redos : this.#undos).push(step)
      this.#trim()
      return this.#notify()
    }
    if (commit.origin !== undefined) {
      // Another writer's: remembered while a step may need it.
      const touched = within(this.#scope, commit.touched)
      this.#foreign++
      if ((this.canUndo || this.canRedo) && (touched === null || touched.length)) this.#others.push({ n: this.#foreign, touched })
      return
    }
    const step = this.#stepOf(commit)
    if (!step) return
    const last = this.#undos[this.#undos.length - 1]
    if (last && !this.#redos.length && last.since === step.since && this.#mergeWithinMs > 0 && step.at - last.at <= this.#mergeWithinMs) {
      last.patches = merge(step.patches, last.patches)
      last.at = step.at
    } else this.#undos.push(step)
    this.#redos = []
    this.#trim()
    this.#notify()
  }

  #stepOf(commit: Commit): Step | undefined {
    const patches = revertOf(commit, this.#scope)
    return patches.length ? { patches, since: this.#foreign, at: Date.now() } : undefined
  }

  #othersSince(since: number): Touched[] {
    return this.#others.filter((other) => other.n > since).map((other) => other.touched)
  }

  #trim(): void {
    if (this.#undos.length > this.#limit) this.#undos.splice(0, this.#undos.length - this.#limit)
    if (this.#redos.length > this.#limit) this.#redos.splice(0, this.#redos.length - this.#limit)
    this.#prune()
  }

  /** Forgets what other writers did before the oldest step. */
  #prune(): void {
    let oldest = this.#foreign
    for (const step of this.#undos) oldest = Math.min(oldest, step.since)
    for (const step of this.#redos) oldest = Math.min(oldest, step.since)
    const kept = this.#others.findIndex((other) => other.n > oldest)
    this.#others.splice(0, kept < 0 ? this.#others.length : kept)
  }

  /** Tells the listeners when `canUndo` or `canRedo` changed. */
  #notify(): void {
    const heard = (this.canUndo ? 1 : 0) + (this.canRedo ? 2 : 0)
    if (heard === this.#heard) return
    this.#heard = heard
    for (const listener of this.#listeners) listener()
  }
}

/**
 * The patches of two steps merged into one, newest first. A value replaced twice (typing into one
 * string) keeps only its oldest value.
 */
function merge(newer: Patches, older: Patches): Patches {
  const REPLACE = 1
  const one = (patches: Patches) => patches.length === 3 && patches[0] === REPLACE
  if (one(newer) && one(older) && isPrefix(newer[1] as Key[], older[1] as Key[]) && isPrefix(older[1] as Key[], newer[1] as Key[])) return older
  return [...newer, ...older]
}

/**
 * Undo and redo for a store's local changes. Each commit is one step (a transaction is one commit);
 * `undo` and `redo` are jobs on the store's queue, so they wait their turn like any mutation. Commits
 * made by other writers (a worker replica's calls on its owner, another tab, another device) are not
 * undone, and a change another writer made after a step wins over undoing that step.
 *
 * @example
 * const history = createHistory(store, { limit: 50, mergeWithinMs: 500 })
 * await store.set(['doc', 'title'], 'Draft')
 * await history.undo()   // true: the title is back
 * await history.redo()   // true: 'Draft' again
 */
export function createHistory(store: Datastore<any>, options: HistoryOptions = {}): History {
  return new StoreHistory(store, options)
}
