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

interface TrieNode {
  readonly parent?: TrieNode
  readonly key: Key
  children?: Map<Key, TrieNode> | undefined
  /** How many children are keyed by a key that has another spelling (`1`, `'1'`). */
  spelled: number
  entries?: Entry[] | undefined
  /** The commit that last visited this node, so each node is notified once per commit. */
  seen: number
}

const valueAt = (node: unknown, key: Key): unknown => {
  const found = childOf(node, key)
  return found === MISSING ? undefined : found
}

export class SubscriptionIndex {
  readonly root: TrieNode = { key: '', spelled: 0, seen: 0 }
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
        children.set(key, (child = { parent: node, key, spelled: 0, seen: 0 }))
        if (otherSpelling(key) !== undefined) node.spelled++
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
        if (otherSpelling(node.key) !== undefined) node.parent.spelled--
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
    const calls: { entry: Entry; value: unknown; previous: unknown }[] = []
    const commit = ++this.#commits
    const visit = (node: TrieNode, value: unknown, previous: unknown) => {
      if (node.seen === commit) return
      node.seen = commit
      node.entries?.forEach((entry) => calls.push({ entry, value, previous }))
    }
    // Goes on to `child` if its value changed: along `path` from `depth`, or to every node below.
    const step = (child: TrieNode | undefined, before: unknown, after: unknown, path?: readonly Key[], depth = 0) => {
      if (!child) return
      const was = valueAt(before, child.key)
      const now = valueAt(after, child.key)
      if (Object.is(was, now)) return
      visit(child, now, was)
      walk(child, was, now, path, depth)
    }
    const walk = (node: TrieNode, before: unknown, after: unknown, path?: readonly Key[], depth = 0) => {
      const children = node.children
      if (!path || depth === path.length) children?.forEach((child) => step(child, before, after))
      else if (children) {
        const key = path[depth]!
        step(children.get(key), before, after, path, depth + 1)
        // An object's property 1 is also its property '1': look under the other spelling too, if any.
        const other = node.spelled ? otherSpelling(key) : undefined
        if (other !== undefined) step(children.get(other), before, after, path, depth + 1)
      }
    }
    visit(this.root, next, prev)
    for (const path of touched ?? [undefined]) walk(this.root, prev, next, path)
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
}

/** How many trie nodes lie below `node` (an index's `root`), for leak checks. */
export function countNodes(node: TrieNode): number {
  let nodes = 0
  node.children?.forEach((child) => (nodes += 1 + countNodes(child)))
  return nodes
}
