// The working copy of one job. Named mutations copy the nodes along their path once per job (no
// proxies); `tx.data` turns the root into an Immer draft. `finish` seals the result for commit.

import { createDraft, current, finishDraft, isDraft } from './immer'
import { fail } from './errors'
import type { Key } from './path'
import { asRoot, childOf, type Container, equal, isIndex, kindOf, MISSING, putChild, shallowCopy } from './tree'
import { adopt, isSealed, MAX_DEPTH, seal } from './value'

/**
 * One step of a job, as extensions see it: a named mutation with its checked arguments, or an
 * `operate` (a recipe, or the root draft `tx.data`) whose changes lie anywhere under `path`.
 */
export type LoggedOp =
  | { readonly type: 'set' | 'init' | 'concat'; readonly path: readonly Key[]; readonly value: unknown }
  | { readonly type: 'delete' | 'operate'; readonly path: readonly Key[] }
  | { readonly type: 'increment' | 'decrement'; readonly path: readonly Key[]; readonly by: number }
  | { readonly type: 'append'; readonly path: readonly Key[]; readonly values: readonly unknown[] }

export class Writer {
  root: unknown
  /** Paths at or under which everything that changed lies; `null` means anywhere. */
  touched: Key[][] | null = []
  /** What the job did, in order: its named mutations, and `operate` (or the root draft) where it wrote freely. */
  readonly log: LoggedOp[] = []
  #owned = new Set<object>()
  #draft: object | undefined

  constructor(readonly base: unknown) {
    this.root = base
  }

  /**
   * The container at `path[0..depth)`, made writable for this job: copied once if it is committed
   * state, created as a plain object if missing (when `create`). `undefined` if missing otherwise.
   */
  writable(op: string, path: readonly Key[], depth: number, create: boolean): Container | undefined {
    if (!this.#isWritable(this.root)) this.root = this.#own(this.root as object)
    let node = this.root as Container
    for (let i = 0; i < depth; i++) {
      const key = path[i]!
      let child = childOf(node, key)
      if (child === MISSING) {
        if (!create) return
        putChild(op, path, node, key, (child = this.#own({})))
      } else if (!this.#isWritable(child)) {
        if (!kindOf(child)) throw fail.notAContainer(op, path, path.slice(0, i + 1), child)
        putChild(op, path, node, key, (child = this.#own(child as object)))
      }
      node = child as Container
    }
    return node
  }

  /** Writes an already adopted value at `path` (the root for `[]`). */
  put(op: string, path: readonly Key[], value: unknown): void {
    if (!path.length) {
      this.root = asRoot(op, value)
      this.#dropDraft()
      this.touched = null
      return
    }
    // Refuses a write that would fail before any node is copied, so a caught failure leaves no trace:
    // every container on the way must take its key (an array: an index up to its length). Below the
    // first missing key, plain objects are created, and they take any key.
    // A write that adds an item to an array changes the array's length: the array is what it touched.
    let touched = path
    let node = this.root
    for (let i = 0; i < path.length && node !== MISSING; i++) {
      const key = path[i]!
      const child = childOf(node, key)
      if (child === MISSING) {
        if (!kindOf(node)) throw fail.notAContainer(op, path, path.slice(0, i), node)
        if (Array.isArray(node)) {
          if (!isIndex(key, node.length + 1)) throw fail.badIndex(op, path, key, node.length)
          touched = path.slice(0, i)
        }
      }
      node = child
    }
    putChild(op, path, this.writable(op, path, path.length - 1, true)!, path[path.length - 1]!, value)
    this.touch(touched)
  }

  touch(path: readonly Key[]): void {
    this.touched?.push(path as Key[])
  }

  /** The root as an Immer draft, for code that wants to mutate it freely. */
  get data(): object {
    if (!this.#draft) {
      this.#draft = createDraft(this.root as object)
      this.root = this.#draft
      this.touched = null
      this.log.push({ type: 'operate', path: [] })
    }
    return this.#draft
  }

  /**
   * A job's result as it may outlive the job: drafts in it (the result itself, or inside the arrays
   * and plain objects it is made of) become copies of what they hold, as Immer's `produce` does.
   */
  settle<V>(value: V, depth = 0): V {
    if (this.#draft === undefined || typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value
    if (isDraft(value)) return current(value as object) as V
    if (isSealed(value) || !(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) return value
    let copy: Record<Key, unknown> | undefined
    for (const key of Object.keys(value)) {
      const item = (value as Record<Key, unknown>)[key]
      const next = this.settle(item, depth + 1)
      if (next !== item) (copy ??= (Array.isArray(value) ? [...value] : { ...value }) as Record<Key, unknown>)[key] = next
    }
    return (copy ?? value) as V
  }

  /**
   * Makes `value` safe to hand to user code inside the job: a node that is still being written is
   * sealed first (later writes copy it again), so user code never holds a half-made node.
   */
  expose<V>(value: V): V {
    if (typeof value === 'object' && value !== null && !isSealed(value) && !isDraft(value)) this.#sealOwned()
    return value
  }

  /** The new root, sealed: frozen, checked, structurally shared with `base`; `base` itself when the job changed nothing. */
  finish(op: string): unknown {
    this.#sealOwned()
    if (this.#draft !== undefined) {
      this.root = asRoot(op, adopt(op, [], finishDraft(this.#draft)))
      this.#draft = undefined
    }
    return this.#unchanged() ? this.base : this.root
  }

  /**
   * The root as it stands, sealed, without ending a live draft: code that holds `tx.data` (or a
   * draft read from it) can go on using it.
   */
  snapshot(op: string): unknown {
    this.#sealOwned()
    return this.#draft === undefined ? this.root : adopt(op, [], current(this.#draft))
  }

  /** Marks a point to roll back to (a nested transaction); returns the rollback. */
  savepoint(op: string): () => void {
    const root = this.snapshot(op)
    const touched = this.touched?.length
    const logged = this.log.length
    return () => {
      this.log.length = logged
      this.#dropDraft()
      this.root = root
      this.#owned.clear()
      if (this.touched && touched !== undefined) this.touched.length = touched
    }
  }

  /** Ends a live draft, so that code still holding it fails loudly instead of writing into nothing. */
  #dropDraft(): void {
    if (this.#draft !== undefined) finishDraft(this.#draft)
    this.#draft = undefined
  }

  /**
   * Whether the job's result holds the same data as `base` (it may have put values back, or made new
   * copies of equal ones). Every change lies at or under a touched path, or is a parent created on the
   * way to one, so nothing else can differ.
   */
  #unchanged(): boolean {
    return this.touched
      ? this.touched.every((path) => {
          let before: unknown = this.base
          let after: unknown = this.root
          for (let i = 0; i < path.length && before !== MISSING; i++) {
            before = childOf(before, path[i]!)
            after = childOf(after, path[i]!)
            if ((before === MISSING) !== (after === MISSING)) return false
          }
          return equal(before, after)
        })
      : equal(this.base, this.root)
  }

  #isWritable(node: unknown): boolean {
    return this.#owned.has(node as object) || (this.#draft !== undefined && isDraft(node))
  }

  #own(node: object): object {
    const copy = shallowCopy(node, kindOf(node))
    this.#owned.add(copy)
    return copy
  }

  #sealOwned(): void {
    for (const node of this.#owned) seal(node)
    this.#owned.clear()
  }
}
