// Subscribers indexed by path in a trie. A commit walks only the trie nodes along the paths it
// touched, and below them only where the value's identity changed.

import { type Key, otherSpelling } from './path'
import { childOf, MISSING } from './tree'

export type Listener = (value: any, previous: any) => void

interface Entry {
  readonly id: number
  readonly listener: Listener
  active: boolean
}

interface Call {
  readonly entry: Entry
  readonly value: unknown
  readonly previous: unknown
}

interface TrieNode {
  readonly parent?: TrieNode
  readonly key: Key
  children?: Map<Key, TrieNode> | undefined
  /** How many children are keyed by a number, and by a string that spells one (`1`, `'1'`). */
  numbers: number
  strings: number
  entries?: Entry[] | undefined
  /** The commit that last visited this node, so each node is notified once per commit. */
  seen: number
}

const valueAt = (node: unknown, key: Key): unknown => {
  const found = childOf(node, key)
  return found === MISSING ? undefined : found
}

/** Counts `key` among the children of `node` that have another spelling. */
const count = (node: TrieNode, key: Key, by: number) => {
  if (typeof key == 'number') node.numbers += by
  else if (otherSpelling(key) !== undefined) node.strings += by
}

export class SubscriptionIndex {
  readonly root: TrieNode = { key: '', numbers: 0, strings: 0, seen: 0 }
  /** How many listeners are held. */
  listeners = 0
  #ids = 0
  #commits = 0

  /** Adds a listener at `path` (`[]` for the whole state) and returns its remover. */
  add(path: readonly Key[], listener: Listener): () => void {
    let node = this.root
    for (const key of path) {
      const children = (node.children ??= new Map())
      let child = children.get(key)
      if (!child) {
        children.set(key, (child = { parent: node, key, numbers: 0, strings: 0, seen: 0 }))
        count(node, key, 1)
      }
      node = child
    }
    const entry: Entry = { id: ++this.#ids, listener, active: true }
    ;(node.entries ??= []).push(entry)
    this.listeners++
    return () => {
      if (!entry.active) return
      entry.active = false
      this.listeners--
      const entries = node.entries!
      entries.splice(entries.indexOf(entry), 1)
      // Prunes the branch up to the first node that still holds something.
      while (node.parent && !node.entries?.length && !node.children?.size) {
        node.parent.children!.delete(node.key)
        count(node.parent, node.key, -1)
        node = node.parent
      }
      if (!node.entries?.length) node.entries = undefined
      if (!node.children?.size) node.children = undefined
    }
  }

  /**
   * Calls, in subscription order, every listener whose value changed between `prev` and `next`.
   * `touched` lists the paths under which all changes lie (`null`: anywhere).
   */
  notify(prev: unknown, next: unknown, touched: readonly (readonly Key[])[] | null, report: (error: unknown) => void) {
    if (Object.is(prev, next) || !this.listeners) return
    const calls: Call[] = []
    const commit = ++this.#commits
    this.#visit(this.root, next, prev, commit, calls)
    for (const path of touched ?? [undefined]) this.#walk(this.root, prev, next, path, 0, commit, calls)
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

  /** Walks from `node` along `path` from `depth`, or, with no path (or at its end), to every node below. */
  #walk(node: TrieNode, before: unknown, after: unknown, path: readonly Key[] | undefined, depth: number, commit: number, calls: Call[]) {
    const children = node.children
    if (!children) return
    if (!path || depth === path.length) {
      for (const child of children.values()) this.#step(child, before, after, undefined, 0, commit, calls)
      return
    }
    const key = path[depth]!
    this.#step(children.get(key), before, after, path, depth + 1, commit, calls)
    // An object's property 1 is also its property '1': look under the other spelling too, if any.
    const other = (typeof key == 'number' ? node.strings : node.numbers) ? otherSpelling(key) : undefined
    if (other !== undefined) this.#step(children.get(other), before, after, path, depth + 1, commit, calls)
  }

  /** Goes on to `child` if its value changed between `before` and `after`, its parent's values. */
  #step(child: TrieNode | undefined, before: unknown, after: unknown, path: readonly Key[] | undefined, depth: number, commit: number, calls: Call[]) {
    if (!child) return
    const was = valueAt(before, child.key)
    const now = valueAt(after, child.key)
    if (Object.is(was, now)) return
    this.#visit(child, now, was, commit, calls)
    this.#walk(child, was, now, path, depth, commit, calls)
  }

  #visit(node: TrieNode, value: unknown, previous: unknown, commit: number, calls: Call[]) {
    if (node.seen === commit) return
    node.seen = commit
    if (node.entries) for (const entry of node.entries) calls.push({ entry, value, previous })
  }
}

/** How many trie nodes lie below `node` (an index's `root`), for leak checks. */
export function countNodes(node: TrieNode): number {
  let nodes = 0
  node.children?.forEach((child) => (nodes += 1 + countNodes(child)))
  return nodes
}
