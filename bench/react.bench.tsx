// `npm run bench:react`: React rows under jsdom, in one Node process. 10,000 (then 1,000) mounted
// rows, laid out as memoized groups of 100, each row reading the value at its own path; one row is
// updated 200 times, each update inside `act`. Compares useDatastore with zustand's selector hook,
// valtio's useSnapshot (on the row's proxy, and on the root), and React's own useState, which no
// external store can beat: it is the cost of React re-rendering one row.
//
// Each library's tree is mounted alone, timed in two passes (the second in reverse order) after a
// pass that warms up the JIT, and each timing starts from a collected heap (node --expose-gc).
//
// `act` exists only in React's development build, which is what this measures by default. With
// NODE_ENV=production, React's production build runs instead and each update is flushed with
// `flushSync`, which renders and commits it (effects included) before returning, as `act` does.

import './dom'
import * as React from 'react'
import { type ComponentType, memo, type ReactNode, useState } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { proxy, useSnapshot } from 'valtio'
import { create } from 'zustand'
import { createDatastore } from '../src/index'
import { DatastoreProvider, useDatastore } from '../src/react'

const PRODUCTION = process.env['NODE_ENV'] === 'production'
/** Runs `fn` and renders and commits what it scheduled before returning. */
const flush: (fn: () => void) => void = PRODUCTION ? (fn) => flushSync(fn) : (fn) => React.act(fn)

const ROW_COUNTS = [10_000, 1_000]
const PER_GROUP = 100
const UPDATES = 200
const ROUNDS = 10
const WARMUP = 100
const GOAL = 5

interface State {
  groups: { v: number }[][]
}

interface Contender {
  readonly name: string
  /** Wraps the tree (a provider), or nothing. */
  readonly Root: ComponentType<{ children: ReactNode }>
  readonly Row: ComponentType<{ g: number; id: number }>
  readonly update: (g: number, id: number, v: number) => void
}

let renders = 0

const makeState = (rows: number): State => ({
  groups: Array.from({ length: rows / PER_GROUP }, () => Array.from({ length: PER_GROUP }, (_, v) => ({ v }))),
})

const Bare = ({ children }: { children: ReactNode }) => children

const OURS = 'atomic-datastore useDatastore'

function ours(rows: number): Contender {
  const store = createDatastore<State>(makeState(rows))
  return {
    name: OURS,
    Root: ({ children }) => <DatastoreProvider store={store}>{children}</DatastoreProvider>,
    Row: ({ g, id }) => {
      renders++
      return <li>{useDatastore<number>(['groups', g, id, 'v'])}</li>
    },
    update: (g, id, v) => void store.set(['groups', g, id, 'v'], v),
  }
}

function zustand(rows: number): Contender {
  const useRows = create<State>(() => makeState(rows))
  return {
    name: 'zustand useStore(selector)',
    Root: Bare,
    Row: ({ g, id }) => {
      renders++
      return <li>{useRows((s) => s.groups[g]![id]!.v)}</li>
    },
    update: (g, id, v) =>
      useRows.setState((s) => {
        const groups = s.groups.slice()
        const group = groups[g]!.slice()
        group[id] = { v }
        groups[g] = group
        return { groups }
      }),
  }
}

function valtioRow(rows: number): Contender {
  const state = proxy(makeState(rows))
  return {
    name: 'valtio useSnapshot(row proxy)',
    Root: Bare,
    Row: ({ g, id }) => {
      renders++
      return <li>{useSnapshot(state.groups[g]![id]!, { sync: true }).v}</li>
    },
    update: (g, id, v) => void (state.groups[g]![id]!.v = v),
  }
}

function valtioRoot(rows: number): Contender {
  const state = proxy(makeState(rows))
  return {
    name: 'valtio useSnapshot(root)',
    Root: Bare,
    Row: ({ g, id }) => {
      renders++
      return <li>{useSnapshot(state, { sync: true }).groups[g]![id]!.v}</li>
    },
    update: (g, id, v) => void (state.groups[g]![id]!.v = v),
  }
}

function reactState(): Contender {
  const setters = new Map<number, (v: number) => void>()
  return {
    name: 'React useState, no store (the floor)',
    Root: Bare,
    Row: ({ g, id }) => {
      renders++
      const [v, setV] = useState(id)
      setters.set(g * PER_GROUP + id, setV)
      return <li>{v}</li>
    },
    update: (g, id, v) => setters.get(g * PER_GROUP + id)!(v),
  }
}

interface Result {
  readonly name: string
  readonly rows: number
  /** Median over the rounds, CPU time of this process (all its threads). */
  readonly cpuMs: number
  /** Median over the rounds, wall-clock time. */
  readonly wallMs: number
  readonly rendersPerUpdate: number
}

/** A full garbage collection, when Node runs with --expose-gc (as `npm run bench:react` does). */
const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {})

const median = (values: readonly number[]) => values.slice().sort((a, b) => a - b)[values.length >> 1]!

/** Runs `fn` and returns [CPU ms of this process, wall ms]. */
function time(fn: () => void): [number, number] {
  const cpu = process.cpuUsage()
  const wall = performance.now()
  fn()
  const spent = process.cpuUsage(cpu)
  return [(spent.user + spent.system) / 1000, performance.now() - wall]
}

interface Samples {
  readonly cpu: number[]
  readonly wall: number[]
  renders: number
}

/** Mounts `contender`'s rows alone in the document, updates one row, and adds the timings to `samples`. */
function measure(contender: Contender, rows: number, samples: Samples): void {
  const { Root, Row, update } = contender
  const Group = memo(function Group({ g }: { g: number }) {
    return <ul>{Array.from({ length: PER_GROUP }, (_, id) => <Row key={id} g={g} id={id} />)}</ul>
  })
  collectGarbage()
  const container = document.body.appendChild(document.createElement('div'))
  const root = createRoot(container)
  flush(() => root.render(<Root>{Array.from({ length: rows / PER_GROUP }, (_, g) => <Group key={g} g={g} />)}</Root>))
  if (container.querySelectorAll('li').length !== rows) throw new Error(`${contender.name}: mounted the wrong number of rows`)

  const g = (rows / PER_GROUP) >> 1
  const id = PER_GROUP >> 1
  const cell = container.querySelectorAll('li')[g * PER_GROUP + id]!
  let v = 1_000_000
  for (let i = 0; i < WARMUP; i++) flush(() => update(g, id, ++v))
  collectGarbage()
  const perRound = UPDATES / ROUNDS
  for (let round = 0; round < ROUNDS; round++) {
    renders = 0
    const [cpu, wall] = time(() => {
      for (let i = 0; i < perRound; i++) flush(() => update(g, id, ++v))
    })
    samples.renders += renders
    samples.cpu.push(cpu / perRound)
    samples.wall.push(wall / perRound)
    if (cell.textContent !== String(v)) throw new Error(`${contender.name}: the row shows ${cell.textContent}, expected ${v}`)
  }
  flush(() => root.unmount())
  container.remove()
}

const filter = process.argv.slice(2).join(' ').toLowerCase()
const makers = [ours, zustand, valtioRow, valtioRoot, reactState].filter((make) => !filter || filter.split(' ').some((word) => make(PER_GROUP).name.toLowerCase().includes(word)))
const emptySamples = (): Samples => ({ cpu: [], wall: [], renders: 0 })

// A first pass whose results are dropped, so that the JIT has compiled React's update path before
// anything is timed. Then two passes, the second in reverse order, so that going first or last, or
// a busy moment of the machine, does not favour anyone.
for (const make of makers) measure(make(1_000), 1_000, emptySamples())
const results: Result[] = []
for (const rows of ROW_COUNTS) {
  const samples = new Map(makers.map((make) => [make, emptySamples()]))
  for (const pass of [makers, makers.slice().reverse()]) for (const make of pass) measure(make(rows), rows, samples.get(make)!)
  for (const [make, { cpu, wall, renders: count }] of samples) {
    const result = { name: make(PER_GROUP).name, rows, cpuMs: median(cpu), wallMs: median(wall), rendersPerUpdate: count / (2 * UPDATES) }
    console.log(`  ${rows.toLocaleString('en-US')} rows · ${result.name}: ${result.wallMs.toFixed(3)} ms (${result.cpuMs.toFixed(3)} ms CPU) per update, ${result.rendersPerUpdate} renders per update`)
    results.push(result)
  }
}

const oursAt = (rows: number) => results.find((r) => r.rows === rows && r.name === OURS)
const ratio = (r: Result) => {
  const base = oursAt(r.rows)
  return base ? `${(r.wallMs / base.wallMs).toFixed(1)}×` : ''
}
console.log(`\nNode ${process.version}, ${process.arch}, React ${React.version} (${PRODUCTION ? 'production build, flushSync' : 'development build, act'}), jsdom, ${new Date().toISOString().slice(0, 10)}.`)
console.log(`Per update: median of 2 × ${ROUNDS} rounds of ${UPDATES / ROUNDS} updates (${UPDATES} per mounted tree). ratio = their time / ours (above 1: we are faster).`)
console.log('CPU is the process\'s CPU time, garbage collector threads included.\n')
console.log('| rows, one updated | library | time per update | CPU per update | renders per update | ratio |')
console.log('|---|---|---|---|---|---|')
for (const r of results)
  console.log(`| ${r.rows.toLocaleString('en-US')} | ${r.name} | ${r.wallMs.toFixed(3)} ms | ${r.cpuMs.toFixed(3)} ms | ${r.rendersPerUpdate} | ${ratio(r)} |`)

const problems: string[] = []
for (const r of results) if (r.name === OURS && r.rendersPerUpdate !== 1) problems.push(`ours rendered ${r.rendersPerUpdate} rows per update at ${r.rows} rows, expected 1`)
const big = oursAt(ROW_COUNTS[0]!)
const zustandBig = results.find((r) => r.rows === ROW_COUNTS[0] && r.name.startsWith('zustand'))
if (big && zustandBig && zustandBig.wallMs / big.wallMs < GOAL) problems.push(`less than ${GOAL}× faster than zustand at ${big.rows.toLocaleString('en-US')} rows`)
for (const problem of problems) console.log(`MISSED: ${problem}`)
if (problems.length > 0) process.exitCode = 1
