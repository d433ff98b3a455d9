// One step of a history: the patches that revert a commit, limited to the history's path, and how
// they are applied later, when other writers may have changed the same places in the meantime.

import { adopt, applyPatches, type Commit, diff, isPrefix, type Key, MISSING, type Patches, resolve, type Writer } from '../core/internal'

/** Paths changed by writers the history does not undo, as a commit reports them (`null`: anywhere). */
export type Touched = readonly (readonly Key[])[] | null

/** The patch ops of `diff`, as they sit in a flat list of patches. */
const ADD = 0
const REMOVE = 2

/**
 * The paths of `touched` that reach into `scope`: those under it as they are, and `scope` itself for
 * those above it. Empty when the commit changed nothing inside `scope`.
 */
export function within(scope: readonly Key[], touched: Touched): Touched {
  if (touched === null) return scope.length ? [scope] : null
  const inside: (readonly Key[])[] = []
  for (const path of touched) {
    if (isPrefix(scope, path)) inside.push(path)
    else if (isPrefix(path, scope)) return [scope]
  }
  return inside
}

/** The patches that turn `commit.next` back into `commit.prev` inside `scope`; none if it did not change there. */
export function revertOf(commit: Commit, scope: readonly Key[]): Patches {
  const touched = within(scope, commit.touched)
  if (touched !== null && touched.length === 0) return []
  const before = resolve(commit.prev, scope)
  const after = resolve(commit.next, scope)
  if (before === after) return []
  // The scope itself came or went: one patch at it, never at a parent outside it.
  if (before === MISSING) return [REMOVE, scope, undefined]
  if (after === MISSING) return [ADD, scope, before]
  return diff(commit.next, commit.prev, touched)
}

/**
 * Where a change at `path` can be told apart from others' changes: the path itself for keys of
 * objects and Maps, which stay where they are; the first array on the way otherwise, since
 * positions in an array move when anyone inserts or removes.
 */
function anchorOf(root: unknown, path: readonly Key[]): readonly Key[] {
  let node = root
  for (let i = 0; i < path.length; i++) {
    if (Array.isArray(node)) return path.slice(0, i)
    node = resolve(node, [path[i]!])
    if (node === MISSING) break
  }
  return path
}

const overlaps = (a: readonly Key[], b: readonly Key[]) => isPrefix(a, b) || isPrefix(b, a)

/**
 * Applies `patches` through `writer`, except where another writer changed the same place since the
 * step was recorded (`others`): that change is theirs and stays. Returns how many patches applied.
 */
export function applyStep(writer: Writer, label: string, scope: readonly Key[], patches: Patches, others: readonly Touched[]): number {
  const blocked = (path: readonly Key[]) => {
    const anchor = anchorOf(writer.root, path)
    return others.some((touched) => touched === null || touched.some((other) => overlaps(anchor, other)))
  }
  let applied = 0
  for (let i = 0; i < patches.length; i += 3) {
    const path = patches[i + 1] as readonly Key[]
    if (others.length && blocked(path)) continue
    if (patches[i] === ADD && path.length && resolve(writer.root, path.slice(0, -1)) === MISSING) {
      writer.put(label, path, adopt(label, path, patches[i + 2]))
    } else {
      applyPatches(writer, patches.slice(i, i + 3), label, scope)
    }
    applied++
  }
  return applied
}
