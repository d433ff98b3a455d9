// One store's change feed for its bridges: every commit becomes patches once, however many
// endpoints listen, and a short log of what each commit touched answers optimistic writes.

import { coreOf, type Datastore, diff, isPrefix, type Key, type Patches } from '../core/internal'

export interface FeedListener {
  /** Whether anyone on this bridge wants patches now. */
  readonly live: boolean
  push(since: number, version: number, patches: Patches): void
}

type Touched = readonly (readonly Key[])[] | null

const LOG_SIZE = 1024
const feeds = new WeakMap<Datastore<any>, Feed>()

export class Feed {
  readonly #store: Datastore<any>
  readonly #listeners = new Set<FeedListener>()
  /** Recent commits, oldest first: their versions and the paths they touched. */
  #log: { version: number; touched: Touched }[] = []
  /** The last commit's version, while the feed observes the store. */
  #version = 0
  #stop: (() => void) | undefined

  private constructor(store: Datastore<any>) {
    this.#store = store
  }

  static of(store: Datastore<any>): Feed {
    let feed = feeds.get(store)
    if (!feed) feeds.set(store, (feed = new Feed(store)))
    return feed
  }

  add(listener: FeedListener): () => void {
    this.#listeners.add(listener)
    if (!this.#stop) {
      this.#version = this.#store.version
      this.#stop = coreOf(this.#store).observe(({ prev, next, touched, version }) => this.#commit(prev, next, touched, version))
    }
    return () => {
      this.#listeners.delete(listener)
      if (this.#listeners.size === 0 && this.#stop) {
        this.#stop()
        this.#stop = undefined
        this.#log = []
      }
    }
  }

  /** Whether the value at `path` may have changed after `version` (unknown history counts as changed). */
  changedSince(version: number, path: readonly Key[]): boolean {
    if (version === this.#version) return false
    const log = this.#log
    if (!log.length || version < log[0]!.version - 1 || version > this.#version) return true
    for (let i = log.length - 1; i >= 0 && log[i]!.version > version; i--) {
      const { touched } = log[i]!
      if (touched === null || touched.some((t) => isPrefix(t, path) || isPrefix(path, t))) return true
    }
    return false
  }

  #commit(prev: unknown, next: unknown, touched: Touched, version: number) {
    const since = this.#version
    this.#version = version
    this.#log.push({ version, touched })
    if (this.#log.length > LOG_SIZE * 2) this.#log = this.#log.slice(-LOG_SIZE)
    let patches: Patches | undefined
    for (const listener of this.#listeners) {
      if (!listener.live) continue
      patches ??= diff(prev, next, touched)
      listener.push(since, version, patches)
    }
  }
}
