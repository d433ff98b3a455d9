// Helpers shared by the React tests: StrictMode rendering, commit counting, reading the screen, and
// failing a test in which React logged an error.

import { render, type RenderResult, screen } from '@testing-library/react'
import { type ReactNode, StrictMode, useEffect } from 'react'
import { afterEach, beforeEach, expect, vi } from 'vitest'

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

/** The text of the element with `data-testid={id}`. */
export const text = (id: string): string | null => screen.getByTestId(id).textContent

/** Fails each test of the file in which React logged an error (a warning about keys, act, hooks...). */
export function failOnConsoleErrors(): void {
  let errors: ReturnType<typeof vi.spyOn>
  beforeEach(() => {
    errors = vi.spyOn(console, 'error')
  })
  afterEach(() => {
    expect(errors).not.toHaveBeenCalled()
    errors.mockRestore()
  })
}
