// The `text` option: the store paths whose strings are Y.Text, as a tree walked alongside a value.

import { type Key, toKeys } from '../core/internal'

export class TextPaths {
  end = false
  readonly #children = new Map<string, TextPaths>()

  /** The tree of `paths`, each checked as a store path. */
  static of(paths: readonly unknown[]): TextPaths {
    const root = new TextPaths()
    for (const path of paths) {
      let node: TextPaths = root
      for (const key of toKeys('bindYjs', path)) {
        const name = String(key)
        let child = node.#children.get(name)
        if (!child) node.#children.set(name, (child = new TextPaths()))
        node = child
      }
      node.end = true
    }
    return root
  }

  /** The node below `key`, or `undefined` when no text path goes there. */
  child(key: Key): TextPaths | undefined {
    return this.#children.get(String(key))
  }

  /** The node at `path` below this one. */
  at(path: readonly Key[]): TextPaths | undefined {
    let node: TextPaths | undefined = this
    for (let i = 0; node && i < path.length; i++) node = node.child(path[i]!)
    return node
  }
}
