// The page owns a store and exposes it to a real module Web Worker; both write to the same counter
// at once, and the final total shows that no write was lost. Beside it, the same race through naive
// postMessage copies of the state loses writes.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useRef, useState } from 'react'
import { createDatastore, type Datastore } from '../src/index'
import { useDatastore } from '../src/react'
import { exposeDatastore } from '../src/worker'
import { Demo, sleep } from './shared'
import type { NaiveMessage, NaiveState } from './naive-worker'
import type { BridgeState, WorkerNote } from './worker'

const ROUNDS = 250
const BATCH = 25

type Status = 'ready' | 'running' | 'done' | 'failed'
type Entry = { text: string; version: number }

const initial = (): BridgeState => ({ rounds: ROUNDS, total: 0, byPage: 0, byWorker: 0 })

/** The page's share of the work: batches of one-job transactions that bump `total` and `byPage`. */
async function hammer(store: Datastore<BridgeState>) {
  for (let start = 0; start < ROUNDS; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, ROUNDS - start) }, () =>
      store.transaction((tx) => {
        tx.increment('total')
        tx.increment('byPage')
      }),
    )
    await Promise.all(batch)
    await sleep(15)
  }
}

function Live({ store, name, testId }: { store: Datastore<BridgeState>; name: keyof BridgeState; testId: string }) {
  const value = useDatastore(store, name)
  return (
    <div className="stat">
      <span>{name}</span>
      <b data-testid={testId}>{value}</b>
    </div>
  )
}

/** The same race with plain copies: each side adds to its copy and posts it; the last copy wins. */
function NaiveRace() {
  const [state, setState] = useState<NaiveState>({ total: 0, byPage: 0, byWorker: 0 })
  const [status, setStatus] = useState<Status>('ready')
  const stop = useRef<() => void>(() => {})
  useEffect(() => () => stop.current(), [])

  const start = async () => {
    stop.current()
    setStatus('running')
    let copy: NaiveState = { total: 0, byPage: 0, byWorker: 0 }
    const worker = new Worker(new URL('./naive-worker.ts', import.meta.url), { type: 'module' })
    stop.current = () => worker.terminate()
    const post = (message: NaiveMessage) => worker.postMessage(message)
    const workerDone = new Promise<void>((resolve) => {
      worker.addEventListener('message', (event: MessageEvent<NaiveMessage>) => {
        if (event.data.app === 'naive-state') setState((copy = event.data.state))
        else if (event.data.app === 'naive-done') resolve()
      })
    })
    post({ app: 'naive-start', rounds: ROUNDS })
    for (let i = 0; i < ROUNDS; i++) {
      copy = { ...copy, total: copy.total + 1, byPage: copy.byPage + 1 }
      setState(copy)
      post({ app: 'naive-state', state: copy })
      await sleep(2)
    }
    await workerDone
    await sleep(50)
    setStatus('done')
    stop.current()
  }

  const expected = 2 * ROUNDS
  return (
    <div className="card">
      <h3>the same race with naive postMessage copies</h3>
      <button type="button" className="ghost" onClick={start} disabled={status === 'running'} data-testid="naive-start">
        Start naive race
      </button>
      <div className="big" style={{ margin: '10px 0 4px' }} data-testid="naive-total">
        {state.total}
      </div>
      <div className="stat">
        <span>expected total</span>
        <b>{expected}</b>
      </div>
      <div className="stat">
        <span>status</span>
        <b data-testid="naive-status">{status}</b>
      </div>
      {status === 'done' && (
        <p className={state.total === expected ? 'good' : 'bad'} data-testid="naive-verdict">
          {state.total === expected ? 'no write was lost this time' : `${expected - state.total} writes were lost: each copy overwrote the other side's`}
        </p>
      )}
    </div>
  )
}

function WorkerBridgeDemo() {
  const [store, setStore] = useState(() => createDatastore(initial()))
  const [status, setStatus] = useState<Status>('ready')
  const [log, setLog] = useState<Entry[]>([])
  const stop = useRef<() => void>(() => {})
  useEffect(() => () => stop.current(), [])

  const start = async () => {
    stop.current()
    const fresh = createDatastore(initial())
    setStore(fresh)
    setLog([])
    setStatus('running')
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })
    const bridge = exposeDatastore(fresh, worker)
    stop.current = () => {
      bridge.close()
      worker.terminate()
    }
    const workerDone = new Promise<void>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent<WorkerNote | { app?: undefined }>) => {
        const data = event.data
        if (data?.app !== 'note') return
        setLog((entries) => [...entries, { text: data.text, version: data.version }])
        if (data.done) resolve()
      })
      worker.addEventListener('error', (event) => reject(new Error(event.message || 'the worker failed to start')))
    })
    try {
      await Promise.all([hammer(fresh), workerDone])
      setStatus('done')
    } catch (error) {
      setLog((entries) => [...entries, { text: `error: ${String(error)}`, version: fresh.version }])
      setStatus('failed')
    }
    stop.current()
  }

  const total = useDatastore(store, 'total')
  const expected = 2 * ROUNDS
  return (
    <Demo title="Web worker bridge" lead={`The page and a Web Worker each add ${ROUNDS} to one counter, at the same time, through the bridge.`}>
      <div className="cols">
        <div className="card">
          <h3>the page owns the store</h3>
          <button type="button" onClick={start} disabled={status === 'running'} data-testid="worker-start">
            Start page and worker
          </button>
          <div className="big" style={{ margin: '10px 0 4px' }} data-testid="worker-total">
            {total}
          </div>
          <Live store={store} name="byPage" testId="worker-by-page" />
          <Live store={store} name="byWorker" testId="worker-by-worker" />
          <div className="stat">
            <span>expected total</span>
            <b>{expected}</b>
          </div>
          <div className="stat">
            <span>owner version</span>
            <b>{store.version}</b>
          </div>
          <div className="stat">
            <span>status</span>
            <b data-testid="worker-status" className={status === 'failed' ? 'bad' : status === 'done' ? 'good' : ''}>
              {status}
            </b>
          </div>
          {status === 'done' && (
            <p className={total === expected ? 'good' : 'bad'} data-testid="worker-verdict">
              {total === expected ? `all ${expected} writes arrived: nothing was lost` : `${expected - total} writes were lost`}
            </p>
          )}
        </div>
        <div className="card">
          <h3>messages from the worker (replica version)</h3>
          <ul className="log mono" data-testid="worker-log">
            {log.map((entry, i) => (
              <li key={i}>
                <span className="badge">v{entry.version}</span> {entry.text}
              </li>
            ))}
          </ul>
        </div>
      </div>
      <NaiveRace />
    </Demo>
  )
}

const meta = {
  title: 'Demos/Web worker bridge',
  component: WorkerBridgeDemo,
  parameters: {
    docs: {
      description: {
        component:
          'A real module Web Worker. The page creates the store and calls `exposeDatastore(store, worker)`; the ' +
          'worker calls `connectDatastore(self)` and gets a replica with the same interface. Both then add to ' +
          '`total` at once: the page with transactions, the worker with `increment` (run on the page\'s queue) and ' +
          'optimistic `operate` (retried when the page wrote first). The worker reports its replica\'s version as ' +
          'it goes, and the final total equals the sum of both sides: no write is lost. Below, the contrast: the ' +
          'same race where each side keeps a copy of the state and posts the whole copy to the other after each ' +
          'write. A copy that arrives replaces the writes the other side made meanwhile, so updates are lost.',
      },
    },
  },
} satisfies Meta<typeof WorkerBridgeDemo>

export default meta

export const WebWorkerBridge: StoryObj<typeof meta> = { name: 'Web worker bridge' }
