// 100 async callbacks each add 1 to a counter after an await. Plain get, await, set loses updates;
// the same code inside an async transaction loses none.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { createDatastore, type Datastore } from '../src/index'
import { useDatastore } from '../src/react'
import { Demo, sleep } from './shared'

const CALLBACKS = 100

type Race = Datastore<{ counter: number }>
type Side = 'naive' | 'transaction'

/** Callback `i` starts after `3 * i` ms, as events arriving one after another, reads, awaits 1 to 10 ms, then writes. */
const startDelay = (i: number) => 3 * i
const pause = () => sleep(1 + Math.random() * 9)

function naiveRound(store: Race, i: number): Promise<void> {
  return sleep(startDelay(i)).then(async () => {
    const seen = store.get('counter')
    await pause()
    await store.set('counter', seen + 1)
  })
}

function transactionRound(store: Race, i: number): Promise<void> {
  return sleep(startDelay(i)).then(() =>
    store.transaction(async (tx) => {
      const seen = tx.get('counter')
      await pause()
      tx.set('counter', seen + 1)
    }),
  )
}

const CODE: Record<Side, string> = {
  naive: 'const seen = store.get(\'counter\')\nawait pause()\nawait store.set(\'counter\', seen + 1)',
  transaction: "store.transaction(async (tx) => {\n  const seen = tx.get('counter')\n  await pause()\n  tx.set('counter', seen + 1)\n})",
}

function Lane({ side }: { side: Side }) {
  const [store, setStore] = useState<Race>(() => createDatastore({ counter: 0 }))
  const [finished, setFinished] = useState<number | null>(null)
  const [running, setRunning] = useState(false)
  const counter = useDatastore(store, 'counter')
  const run = async () => {
    const fresh = createDatastore({ counter: 0 })
    setStore(fresh)
    setFinished(null)
    setRunning(true)
    const round = side === 'naive' ? naiveRound : transactionRound
    await Promise.all(Array.from({ length: CALLBACKS }, (_, i) => round(fresh, i)))
    setFinished(fresh.get('counter'))
    setRunning(false)
  }
  const lost = finished === null ? null : CALLBACKS - finished
  return (
    <div className="card" data-testid={`lane-${side}`}>
      <h3>{side === 'naive' ? 'get, await, set' : 'transaction(async tx => …)'}</h3>
      <pre className="mono muted code">
        {CODE[side]}
      </pre>
      <button type="button" onClick={run} disabled={running} data-testid={`run-${side}`}>
        {side === 'naive' ? 'Run 100 naive updates' : 'Run 100 transactions'}
      </button>
      <div className="big" style={{ margin: '10px 0 4px' }} data-testid={`value-${side}`}>
        {counter}
      </div>
      <div className="stat">
        <span>updates fired</span>
        <b>{running || finished !== null ? CALLBACKS : 0}</b>
      </div>
      <div className="stat">
        <span>lost updates</span>
        <b className={lost ? 'bad' : lost === 0 ? 'good' : ''} data-testid={`lost-${side}`}>
          {lost ?? '—'}
        </b>
      </div>
      <div className="stat">
        <span>status</span>
        <b data-testid={`status-${side}`}>{running ? 'running' : finished === null ? 'ready' : 'done'}</b>
      </div>
    </div>
  )
}

function AsyncRaceDemo() {
  return (
    <Demo title="Async race" lead={`Each button fires ${CALLBACKS} concurrent callbacks that read the counter, await, then write it plus one.`}>
      <div className="cols">
        <Lane side="naive" />
        <Lane side="transaction" />
      </div>
    </Demo>
  )
}

const meta = {
  title: 'Demos/Async race',
  component: AsyncRaceDemo,
  parameters: {
    docs: {
      description: {
        component:
          'Every `await` is a point where another callback can run. On the left, 100 callbacks read the counter, ' +
          'await a few milliseconds and write what they read plus one: callbacks that read the same value ' +
          'overwrite each other, and the lost updates show. On the right the same code runs inside ' +
          '`store.transaction(async tx => …)`, which holds the store across the await, so the counter ends at ' +
          'exactly 100. Each lane has its own store, read with `useDatastore(store, path)`.',
      },
    },
  },
} satisfies Meta<typeof AsyncRaceDemo>

export default meta

export const AsyncRace: StoryObj<typeof meta> = { name: 'Async race' }
