// No tearing: a transition render that yields while the store changes still commits one version.

import { Profiler, StrictMode, startTransition, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createDatastore } from '../../src/index'
import { useDatastore } from '../../src/react'

const keys = ['a', 'b', 'c', 'd', 'e'] as const
type Key = (typeof keys)[number]

/** Keeps the CPU busy, so that React's time slice runs out after each component. */
function spin(ms: number) {
  const end = performance.now() + ms
  while (performance.now() < end) {
    /* busy */
  }
}

const act = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean | undefined }
let actEnvironment: boolean | undefined
beforeEach(() => {
  actEnvironment = act.IS_REACT_ACT_ENVIRONMENT
  act.IS_REACT_ACT_ENVIRONMENT = false
})
afterEach(() => {
  act.IS_REACT_ACT_ENVIRONMENT = actEnvironment
})

describe('no tearing', () => {
  test('one render pass under startTransition sees one store version', async () => {
    // Every commit writes its own version number into every key, so a cell shows the version it read.
    const store = createDatastore<Record<Key, number>>({ a: 0, b: 0, c: 0, d: 0, e: 0 })
    const writeVersion = () =>
      store.transaction((tx) => {
        for (const key of keys) tx.set(key, store.version + 1)
      })

    const reads: { key: Key; tick: number; value: number; version: number }[] = []
    let mutated = false
    function Cell({ name, tick }: { name: Key; tick: number }) {
      const value = useDatastore(store, name)
      reads.push({ key: name, tick, value, version: store.version })
      if (tick > 0) {
        spin(8)
        if (name === 'a' && !mutated) {
          mutated = true
          // Runs once React yields, between this cell and the next.
          queueMicrotask(() => void writeVersion())
        }
      }
      return <span data-cell={name}>{`${tick}:${value}`}</span>
    }

    let start = () => {}
    function Grid() {
      const [tick, setTick] = useState(0)
      start = () => startTransition(() => setTick(1))
      return keys.map((key) => <Cell key={key} name={key} tick={tick} />)
    }

    const commits: string[][] = []
    const container = document.body.appendChild(document.createElement('div'))
    const cells = () => Array.from(container.querySelectorAll('[data-cell]'), (cell) => cell.textContent ?? '')
    const root = createRoot(container)
    root.render(
      <StrictMode>
        <Profiler id="grid" onRender={() => commits.push(cells())}>
          <Grid />
        </Profiler>
      </StrictMode>,
    )
    await vi.waitFor(() => expect(cells()).toEqual(keys.map(() => '0:0')))

    start()
    await vi.waitFor(() => expect(cells()).toEqual(keys.map(() => '1:1')), { timeout: 5000 })
    root.unmount()
    container.remove()

    // The transition really was cut by the write: its pass read the old version, then the new one.
    expect(mutated).toBe(true)
    expect(store.version).toBe(1)
    expect(reads.some((read) => read.tick === 1 && read.value === 0)).toBe(true)
    expect(reads.some((read) => read.tick === 1 && read.value === 1)).toBe(true)
    // What every component read agreed with the store at the moment it rendered.
    for (const read of reads) expect(read.value).toBe(read.version)
    // And no commit ever mixed two versions.
    expect(commits.length).toBeGreaterThan(1)
    for (const commit of commits) {
      const values = commit.map((cell) => cell.split(':')[1])
      expect(new Set(values).size, `a commit showed ${commit.join(' ')}`).toBe(1)
    }
  })
})
