// Pieces the demos share: the page frame, a render-count badge and a small pause helper.

import { type ReactNode, useEffect, useRef } from 'react'

/** The frame around a demo: a title, one line that says what to try, and the demo itself. */
export function Demo({ title, lead, children }: { title: string; lead: string; children: ReactNode }) {
  return (
    <div className="demo">
      <h2>{title}</h2>
      <p className="lead">{lead}</p>
      {children}
    </div>
  )
}

/** How many times the calling component has committed, counting the first mount as 1. */
export function useCommitCount(): number {
  const commits = useRef(1)
  useEffect(() => {
    commits.current += 1
  })
  return commits.current
}

/** A badge that shows how often the calling component has rendered; it turns amber after a re-render. */
export function RenderBadge({ testId }: { testId: string }) {
  const renders = useCommitCount()
  return (
    <span className={renders > 1 ? 'badge renders hot' : 'badge renders'} data-testid={testId}>
      {renders}
    </span>
  )
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
