// A set of paths as a tree of Maps keyed by the paths' keys: which paths lie under others.

import type { Key } from './path'

interface Branch {
  end: boolean
  readonly children: Map<Key, Branch>
}

/** A set of paths, as a tree of Maps keyed by the paths' keys. */
export class PathTree {
  readonly #root: Branch = { end: false, children: new Map() }

  /** Adds `path`; false if it was there already. */
  add(path: readonly Key[]): boolean {
    let branch = this.#root
    for (const key of path) {
      let child = branch.children.get(key)
      if (!child) branch.children.set(key, (child = { end: false, children: new Map() }))
      branch = child
    }
    if (branch.end) return false
    branch.end = true
    return true
  }

  /** Whether `path`, or a path above it, is in the set. */
  covers(path: readonly Key[]): boolean {
    return this.#above(path, path.length + 1)
  }

  /** Whether a path above `path` (not `path` itself) is in the set. */
  isUnder(path: readonly Key[]): boolean {
    return this.#above(path, path.length)
  }

  /** Whether one of the first `count` prefixes of `path`, from the empty one on, is in the set. */
  #above(path: readonly Key[], count: number): boolean {
    let branch: Branch | undefined = this.#root
    for (let depth = 0; depth < count; depth++) {
      if (branch.end) return true
      branch = branch.children.get(path[depth]!)
      if (!branch) return false
    }
    return false
  }
}
