// Helpers shared by the React tests: StrictMode rendering, commit counting, a shallow equality.

import { render, type RenderResult } from '@testing-library/react'
import { type ReactNode, StrictMode, useEffect } from 'react'

/**
 * Counts commits per component name. A component calls `log.useCommit(name)`; each commit of that
 * component adds one. StrictMode runs effects twice on mount, so tests `reset()` after mounting.
 */
export function createCommitLog() {
  const counts: Record<string, number> = {}
  return {
    counts,
    useCommit(name: string): void {
      useEffect(() => {
        counts[name] = (counts[name] ?? 0) + 1
      })
    },
    reset(): void {
      for (const name of Object.keys(counts)) delete counts[name]
    },
  }
}

export type CommitLog = ReturnType<typeof createCommitLog>

/** Renders `ui` under `<StrictMode>` (rerenders too). */
export function renderStrict(ui: ReactNode): RenderResult {
  return render(ui, { wrapper: StrictMode })
}

/** Equal when both are arrays or plain objects with the same items or keys and values (`Object.is`). */
export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length || Array.isArray(a) !== Array.isArray(b)) return false
  return keysA.every((key) => Object.hasOwn(b, key) && Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}
