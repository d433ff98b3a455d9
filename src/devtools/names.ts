// The name devtools shows for a commit: its mutation and path, its transaction's name, or, for a
// replica's synced commit, the paths it brought.

import type { Commit, Key } from '../core/internal'

/** `['user', 'score']` as `user.score`; the root as nothing. */
export const dotted = (path: readonly Key[]): string => path.join('.')

/** How many paths a synced commit's name lists before it says how many more there were. */
const LISTED = 3

/**
 * `increment user.score` for one named mutation, the name of a transaction (`checkout`), and
 * `sync todos.3, title` for what a replica received from its owner.
 */
export function nameOf(commit: Commit): string {
  const { label, ops, touched } = commit
  if (label === 'sync') {
    if (touched === null || touched.length === 0) return 'sync'
    const more = touched.length > LISTED ? ` +${touched.length - LISTED}` : ''
    return `sync ${touched.slice(0, LISTED).map(dotted).join(', ')}${more}`
  }
  const op = ops.length === 1 ? ops[0]! : undefined
  // A lone mutation, or a recipe (`operate` and `update` both log an operate): its kind and path.
  if (op && (op.type === label || (op.type === 'operate' && label === 'update'))) return `${label} ${dotted(op.path)}`.trimEnd()
  return label
}
