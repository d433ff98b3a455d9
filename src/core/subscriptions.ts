// Subscribers indexed by path in a trie. A commit walks only the trie nodes along the paths it
// touched, and below them only where the value's identity changed.

import { type Key, spellsNumber } from './path'
import { childOf, MISSING } from './tree'

export type Listener = (value: any, previous: any) => void

interface Entry {
  readonly id: number
  readonly listener: Listener
  active: boolean
}

class TrieNode {
  children: Map<Key, TrieNode> | undefined
  /** How many children are keyed by a number, and by a string that some number is written as. */
  numbers = 0
  numberStrings = 0
  entries: Entry[] | undefined
  /** The commit that last visited this node, so each node is notified once per commit. */
  seen = 0
  constructor(
    readonly parent: TrieNode | undefined,
    readonly key: Key,
  ) {}
}

interface Call {
  readonly entry: Entry
  readonly value: unknown
  readonly previous: unknown
}

const valueAt = (node: unknown, key: Key): unknown => {
  const found = childOf(node, key)
  return found === MISSING ? undefined : found
}

export class SubscriptionIndex {
  readonly #root = new TrieNode(undefined, '')
  #nextId = 0
  #commit = 0
  #listeners = 0

  /** Adds a listener at `path` (`[]` for the whole state) and returns its remover. */
  add(path: readonly Key[], listener: Listener): () => void {
    let node = this.#root
    for (const key of path) {
      node.children ??= new Map()
      let child = node.children.get(key)
      if (!child) {
        node.children.set(key, (child = new TrieNode(node, key)))
        if (typeof key === 'number') node.numbers++
        else if (spellsNumber(key)) node.numberStrings++
      }
      node = child
    }
    const entry: Entry = { id: ++this.#nextId, listener, active: true }
    ;(node.entries ??= []).push(entry)
    this.#listeners++
    return () => {
      if (!entry.active) return
      entry.active = false
      this.#listeners--
      const entries = node.entries!
      entries.splice(entries.indexOf(entry), 1)
      this.#prune(node)
    }
  }

  /** How many listeners and trie nodes are held, for leak checks. */
  get size(): { listeners: number; nodes: number } {
    let nodes = 0
    const count = (node: TrieNode) => {
      nodes++
      node.children?.forEach(count)
    }
    this.#root.children?.forEach(count)
    return { listeners: this.#listeners, nodes }
  }

  /**
   * Calls, in subscription order, every listener whose value changed between `prev` and `next`.
   * `touched` lists the paths under which all changes lie (`null`: anywhere).
   */
  notify(prev: unknown, next: unknown, touched: readonly (readonly Key[])[] | null, report: (error: unknown) => void) {
    if (Object.is(prev, next) || this.#listeners === 0) return
    const calls: Call[] = []
    const commit = ++this.#commit
    this.#visit(this.#root, next, prev, commit, calls)
    if (touched === null) this.#below(this.#root, prev, next, commit, calls)
    else for (const path of touched) this.#along(this.#root, path, 0, prev, next, commit, calls)
    if (calls.length > 1) calls.sort((a, b) => a.entry.id - b.entry.id)
    for (const { entry, value, previous } of calls) {
      if (!entry.active) continue
      try {
        entry.listener(value, previous)
      } catch (error) {
        report(error)
      }
    }
  }

  #along(node: TrieNode, path: readonly Key[], depth: number, prev: unknown, next: unknown, commit: number, calls: Call[]) {
    if (depth === path.length) {
      this.#below(node, prev, next, commit, calls)
      return
    }
    if (!node.children) return
    const key = path[depth]!
    this.#step(node.children.get(key), path, depth, prev, next, commit, calls)
    // An object's property 1 is also its property '1': look under the other spelling too, if any.
    if (typeof key === 'number') {
      if (node.numberStrings > 0) this.#step(node.children.get(String(key)), path, depth, prev, next, commit, calls)
    } else if (node.numbers > 0 && spellsNumber(key)) {
      this.#step(node.children.get(Number(key)), path, depth, prev, next, commit, calls)
    }
  }

  #step(child: TrieNode | undefined, path: readonly Key[], depth: number, prev: unknown, next: unknown, commit: number, calls: Call[]) {
    if (!child) return
    const before = valueAt(prev, child.key)
    const after = valueAt(next, child.key)
    if (Object.is(before, after)) return
    this.#visit(child, after, before, commit, calls)
    this.#along(child, path, depth + 1, before, after, commit, calls)
  }

  #below(node: TrieNode, prev: unknown, next: unknown, commit: number, calls: Call[]) {
    node.children?.forEach((child, key) => {
      const before = valueAt(prev, key)
      const after = valueAt(next, key)
      if (Object.is(before, after)) return
      this.#visit(child, after, before, commit, calls)
      this.#below(child, before, after, commit, calls)
    })
  }

  #visit(node: TrieNode, value: unknown, previous: unknown, commit: number, calls: Call[]) {
    if (node.seen === commit) return
    node.seen = commit
    if (node.entries) for (const entry of node.entries) calls.push({ entry, value, previous })
  }

  #prune(node: TrieNode) {
    while (node.parent && !node.entries?.length && !node.children?.size) {
      const { parent, key } = node
      parent.children!.delete(key)
      if (typeof key === 'number') parent.numbers--
      else if (spellsNumber(key)) parent.numberStrings--
      node = parent
    }
    if (node.entries?.length === 0) node.entries = undefined
    if (node.children?.size === 0) node.children = undefined
  }
}
