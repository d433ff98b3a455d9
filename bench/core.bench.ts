// The core store against its peers: path fan-out against zustand with immer, and single writes,
// transactions and recipes against a bare immer `produce`.

import { freeze, produce } from 'immer'
import { immer } from 'zustand/middleware/immer'
import { createStore } from 'zustand/vanilla'
import { createDatastore, type Datastore } from '../src/index'
import type { Comparison, Suite } from './harness'

type Row = { v: number; label: string }
type Groups = { groups: Row[][] }

/** √n groups of √n rows, `groups[g][r].v`. */
function groups(n: number): Groups {
  const width = Math.ceil(Math.sqrt(n))
  const height = Math.ceil(n / width)
  return { groups: Array.from({ length: height }, (_, g) => Array.from({ length: width }, (_, r) => ({ v: 0, label: `${g}:${r}` }))) }
}

/** A fixed, shuffled sample of `count` cells among the first `n`, so writes land all over the tree. */
function cells(n: number, count: number): [number, number][] {
  const width = Math.ceil(Math.sqrt(n))
  let seed = 12345
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  return Array.from({ length: count }, () => {
    const cell = Math.floor(random() * n)
    return [Math.floor(cell / width), cell % width]
  })
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`bench setup: ${message}`)
}

function fanOut(n: number, goal?: number): Comparison {
  const targets = cells(n, 512)
  const paths = targets.map(([g, r]) => ['groups', g, r, 'v'] as const)
  let store: Datastore<Groups>
  let peer: ReturnType<typeof zustandStore>
  let hits = 0
  const zustandStore = (state: Groups) => createStore<Groups>()(immer(() => state))
  return {
    name: `fan-out, ${n.toLocaleString('en-US')} subscribers, one write`,
    peerName: 'zustand 5 + immer',
    ...(goal === undefined ? {} : { goal }),
    options: n >= 100_000 ? { timeMs: 3000, minSamples: 15 } : {},
    setup() {
      const state = groups(n)
      store = createDatastore(state)
      peer = zustandStore(state)
      const width = Math.ceil(Math.sqrt(n))
      const unsubscribe: (() => void)[] = []
      for (let cell = 0; cell < n; cell++) {
        const g = Math.floor(cell / width)
        const r = cell % width
        unsubscribe.push(store.subscribe(['groups', g, r, 'v'], () => void hits++))
        let last = peer.getState().groups[g]![r]!.v
        unsubscribe.push(
          peer.subscribe((s) => {
            const v = s.groups[g]![r]!.v
            if (!Object.is(v, last)) {
              last = v
              hits++
            }
          }),
        )
      }
      hits = 0
      void store.set(paths[0]!, -1)
      peer.setState((s) => void (s.groups[targets[0]![0]]![targets[0]![1]]!.v = -1))
      check(hits === 2, `one write should notify one subscriber in each store, got ${hits}`)
      return () => {
        unsubscribe.forEach((off) => off())
        store = peer = undefined!
      }
    },
    ours: (i) => void store.set(paths[i & 511]!, i),
    peer: (i) => {
      const [g, r] = targets[i & 511]!
      peer.setState((s) => void (s.groups[g]![r]!.v = i))
    },
  }
}

interface Wide {
  count: number
  a: { b: { c: number } }
}

/** A moderately sized state: 50 top-level keys, 20 siblings at each level of `a.b.c`. */
function wide(): Wide {
  const state: Record<string, unknown> = { count: 0 }
  for (let k = 0; k < 50; k++) state[`k${k}`] = { id: k, name: `item ${k}`, tags: ['x', 'y'] }
  const a: Record<string, unknown> = {}
  const b: Record<string, number> = { c: 0 }
  for (let k = 0; k < 20; k++) {
    a[`s${k}`] = { n: k }
    b[`s${k}`] = k
  }
  a.b = b
  state.a = a
  return state as unknown as Wide
}

/** Our store and a bare immer state, both starting from `make()`, reset by each row's setup. */
function pair<S extends object>(make: () => S) {
  const both = { store: createDatastore(make()), base: freeze(make(), true) }
  return {
    both,
    setup: () => {
      both.store = createDatastore(make())
      both.base = freeze(make(), true)
    },
  }
}

const nested = pair(wide)
const ABC = ['a', 'b', 'c'] as const
const AB = ['a', 'b'] as const

type Table = { rows: Row[]; meta: { rev: number } }
const tableState = (): Table => ({ rows: Array.from({ length: 1000 }, (_, k) => ({ v: 0, label: `row ${k}` })), meta: { rev: 0 } })
const big = pair(tableState)

export const suite: Suite = {
  name: 'core',
  rows: [
    fanOut(1_000),
    fanOut(10_000, 50),
    fanOut(100_000),
    {
      name: "set(['a','b','c']), no subscribers",
      peerName: 'immer produce',
      goal: 0.8,
      setup: nested.setup,
      ours: (i) => void nested.both.store.set(ABC, i),
      peer: (i) => {
        nested.both.base = produce(nested.both.base, (d) => void (d.a.b.c = i))
      },
    },
    {
      name: 'transaction of 1,000 writes',
      peerName: 'immer produce',
      goal: 0.7,
      setup: big.setup,
      ours: (i) =>
        void big.both.store.transaction((tx) => {
          for (let k = 0; k < 1000; k++) tx.set(['rows', k, 'v'], i)
        }),
      peer: (i) => {
        big.both.base = produce(big.both.base, (d) => {
          for (let k = 0; k < 1000; k++) d.rows[k]!.v = i
        })
      },
    },
    {
      name: "increment('count')",
      peerName: 'immer produce',
      setup: nested.setup,
      ours: () => void nested.both.store.increment('count'),
      peer: () => {
        nested.both.base = produce(nested.both.base, (d) => void d.count++)
      },
    },
    {
      name: "operate(['a','b'], recipe)",
      peerName: 'immer produce',
      setup: nested.setup,
      ours: () => void nested.both.store.operate(AB, (b) => void b.c++),
      peer: () => {
        nested.both.base = produce(nested.both.base, (d) => void d.a.b.c++)
      },
    },
  ],
}
