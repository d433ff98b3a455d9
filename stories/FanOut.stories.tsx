// 10,000 cells, each subscribed to its own path. Updating a few of them re-renders those few, however
// many subscribers the store has; the cells an update changed are ringed, and the timing shown is the
// median over the updates so far, since the first one also pays for warming up.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { memo, useLayoutEffect, useState } from 'react'
import { flushSync } from 'react-dom'
import { createDatastore, type Datastore } from '../src/index'
import { DatastoreProvider, useDatastore } from '../src/react'
import { Demo } from './shared'

const SIDE = 100
const CELLS = SIDE * SIDE
const PALETTE = ['#e8ecf3', '#c9d6f2', '#9fb5ea', '#7392de', '#4b6fd0', '#2f52b8', '#f0b35a', '#e07a3f']

type Grid = Datastore<{ cells: number[] }>

/** Counts cell commits across the whole grid, and numbers the updates. */
type Tally = { current: number; generation: number }

const Cell = memo(function Cell({ index, tally }: { index: number; tally: Tally }) {
  const value = useDatastore<number>(['cells', index])
  useLayoutEffect(() => {
    tally.current += 1
  })
  // A cell renders only when its value changed, so it carries the number of the update that did it.
  return <div className="cell" data-gen={tally.generation} style={{ background: PALETTE[value % PALETTE.length] }} />
})

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function Legend() {
  return (
    <div className="row mono" style={{ marginTop: 8 }} data-testid="fanout-legend">
      {PALETTE.map((color, value) => (
        <span key={color} className="row" style={{ gap: 4 }}>
          <span className="swatch" style={{ background: color }} />
          {value}
        </span>
      ))}
      <span className="row" style={{ gap: 4 }}>
        <span className="swatch changed" />
        changed by the last update
      </span>
    </div>
  )
}

/** `count` distinct cell indexes, picked at random. */
function pick(count: number): number[] {
  const chosen = new Set<number>()
  while (chosen.size < count) chosen.add(Math.floor(Math.random() * CELLS))
  return [...chosen]
}

type Stats = { changed: number; rendered: number; ms: number; times: number[]; version: number; generation: number }

function Controls({ store, tally }: { store: Grid; tally: Tally }) {
  const [count, setCount] = useState(100)
  const [stats, setStats] = useState<Stats | null>(null)
  const update = () => {
    const indexes = pick(count)
    tally.current = 0
    tally.generation += 1
    const started = performance.now()
    // flushSync renders the cells the commit notified before it returns, so the time and the tally
    // cover the whole update.
    flushSync(() => {
      store.transaction((tx) => {
        for (const index of indexes) {
          const shift = 1 + Math.floor(Math.random() * (PALETTE.length - 1))
          tx.set(['cells', index], (tx.get(['cells', index], 0) + shift) % PALETTE.length)
        }
      })
    })
    const ms = performance.now() - started
    setStats((last) => ({
      changed: indexes.length,
      rendered: tally.current,
      ms,
      times: [...(last?.times ?? []), ms],
      version: store.version,
      generation: tally.generation,
    }))
  }
  return (
    <div className="card">
      <div className="row">
        <label>
          cells per update
          <select aria-label="cells per update" value={count} onChange={(event) => setCount(Number(event.target.value))}>
            {[1, 10, 100, 1000].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={update} data-testid="fanout-update">
          Update random cells
        </button>
      </div>
      <div className="cols" style={{ marginTop: 8 }}>
        <div className="stat">
          <span>subscribed cells</span>
          <b>{CELLS.toLocaleString('en')}</b>
        </div>
        <div className="stat">
          <span>cells changed</span>
          <b data-testid="fanout-changed">{stats?.changed ?? '—'}</b>
        </div>
        <div className="stat">
          <span>cells rendered</span>
          <b data-testid="fanout-rendered">{stats?.rendered ?? '—'}</b>
        </div>
        <div className="stat">
          <span>this update and its renders</span>
          <b data-testid="fanout-last">{stats ? `${stats.ms.toFixed(1)} ms${stats.times.length === 1 ? ' (first: includes warm-up)' : ''}` : '—'}</b>
        </div>
        <div className="stat">
          <span>median of {stats?.times.length ?? 0} updates</span>
          <b data-testid="fanout-median">{stats ? `${median(stats.times).toFixed(1)} ms` : '—'}</b>
        </div>
        <div className="stat">
          <span>store version</span>
          <b data-testid="fanout-version">{stats?.version ?? store.version}</b>
        </div>
      </div>
      {stats && <style>{`.grid .cell[data-gen="${stats.generation}"] { box-shadow: 0 0 0 1px #d92d20; position: relative; }`}</style>}
      <Legend />
    </div>
  )
}

function FanOutDemo() {
  const [store] = useState<Grid>(() => createDatastore({ cells: Array.from({ length: CELLS }, () => 0) }))
  const [tally] = useState<Tally>(() => ({ current: 0, generation: 0 }))
  return (
    <DatastoreProvider store={store}>
      <Demo title="Fan-out" lead="A 100 × 100 grid; every cell reads its own path. An update commits once and re-renders only the cells it changed.">
        <Controls store={store} tally={tally} />
        <div className="card">
          <div className="grid" data-testid="fanout-grid">
            {Array.from({ length: CELLS }, (_, index) => (
              <Cell key={index} index={index} tally={tally} />
            ))}
          </div>
        </div>
      </Demo>
    </DatastoreProvider>
  )
}

const meta = {
  title: 'Demos/Fan-out',
  component: FanOutDemo,
  parameters: {
    docs: {
      description: {
        component:
          "A 100 × 100 grid of cells, each one a component that calls `useDatastore(['cells', index])`: 10,000 " +
          'path subscriptions on one store. The button changes random cells in one transaction. Subscribers are ' +
          'indexed by path, so the commit notifies only the changed cells, and only they render: the counts ' +
          'show it, and the changed cells are ringed in red. The time shown is the median over the updates so far: ' +
          'the first update also pays for warming up the JIT and the browser, so it alone says little.',
      },
    },
  },
} satisfies Meta<typeof FanOutDemo>

export default meta

export const FanOut: StoryObj<typeof meta> = { name: 'Fan-out' }
