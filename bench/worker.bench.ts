// `npm run bench:worker`: the worker bridge with real worker_threads, in this one process.
// - latency of one awaited remote `increment` against a raw postMessage ping-pong on the same endpoint
//   (goal: at most 1.5× raw), with the store owned by a worker and with it owned by the main thread;
// - throughput of 10,000 pipelined remote increments;
// - bytes of the patch message for a 1-key change on a 1 MB state, against the full state.

import { cpus, loadavg } from 'node:os'
import { serialize } from 'node:v8'
import { MessageChannel, Worker } from 'node:worker_threads'
import { createDatastore } from '../src/index'
import { connectDatastore, type DatastoreBridge, exposeDatastore, type NodeEndpoint } from '../src/worker'
import { Msg } from '../src/worker/wire'
import { formatOps, formatTime } from './harness'
import { median, roundTrips, type RoundTrips } from './worker-timing'

const COUNT = 2000
const ROUNDS = 9
const PIPELINED = 10_000
const GOAL = 1.5

/** Starts the peer worker; `setup` runs at once (a replica connects before it says it is ready). */
function start(role: 'owner' | 'replica', setup: (worker: Worker) => void = () => {}): Promise<Worker> {
  const script = new URL('./worker-peer.ts', import.meta.url).href
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { script, role } })
  setup(worker)
  return new Promise((resolve, reject) => {
    worker.on('error', reject)
    worker.on('message', function ready(message: { ready?: boolean }) {
      if (!message?.ready) return
      worker.off('message', ready)
      resolve(worker)
    })
  })
}

/** The store lives in a worker; the main thread is the replica and times its own round trips. */
async function workerOwns(): Promise<RoundTrips & { opsPerSec: number }> {
  const worker = await start('owner')
  const remote = await connectDatastore<{ counter: number }>(worker)
  let waiting: (() => void) | undefined
  worker.on('message', (message: { pong?: number }) => {
    if (typeof message?.pong === 'number') waiting?.()
  })
  const ping = (i: number) =>
    new Promise<void>((resolve) => {
      waiting = resolve
      worker.postMessage({ ping: i })
    })
  const trips = await roundTrips({ raw: ping, remote: () => remote.increment('counter') }, COUNT, ROUNDS)

  const runs: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const before = remote.get('counter')
    const start = process.hrtime.bigint()
    await Promise.all(Array.from({ length: PIPELINED }, () => remote.increment('counter')))
    const ns = Number(process.hrtime.bigint() - start)
    if (remote.get('counter') !== before + PIPELINED) throw new Error('bench: pipelined increments were lost')
    runs.push((PIPELINED * 1e9) / ns)
  }
  remote.close()
  await worker.terminate()
  return { ...trips, opsPerSec: median(runs) }
}

/** The store lives in the main thread; a worker is the replica and times its round trips. */
async function mainOwns(): Promise<RoundTrips> {
  const store = createDatastore({ counter: 0 })
  let bridge: DatastoreBridge | undefined
  const worker = await start('replica', (worker) => (bridge = exposeDatastore(store, worker)))
  worker.on('message', (message: { ping?: number }) => {
    if (typeof message?.ping === 'number') worker.postMessage({ pong: message.ping })
  })
  const result = await new Promise<RoundTrips>((resolve) => {
    worker.on('message', (message: { result?: RoundTrips }) => message?.result && resolve(message.result))
    worker.postMessage({ run: { count: COUNT, rounds: ROUNDS } })
  })
  bridge?.close()
  await worker.terminate()
  return result
}

/**
 * Bytes of the owner's messages that carry a 1-key change on a ~1 MB state, as the structured clone
 * writes them: the patch of the owner's own set, and the answer that carries the replica's increment.
 */
async function patchBytes() {
  const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: i, label: `row ${i}`.padEnd(80, '.') }))
  const store = createDatastore({ rows, counter: 0 })
  const { port1, port2 } = new MessageChannel()
  const posted: { kind: unknown; patches: number; bytes: number }[] = []
  const endpoint: NodeEndpoint = {
    // The owner's messages are `[TAG, kind, epoch, to, id, value, since, version, patches]`.
    postMessage(message: unknown[]) {
      posted.push({ kind: message[1], patches: (message[8] as unknown[]).length, bytes: serialize(message).length })
      port1.postMessage(message)
    },
    on: (type, listener) => port1.on(type, listener),
    off: (type, listener) => port1.off(type, listener),
  }
  const bridge = exposeDatastore(store, endpoint)
  const remote = await connectDatastore<{ rows: typeof rows; counter: number }>(port2)
  await store.set(['rows', 5000, 'label'], 'changed')
  await remote.increment('counter')
  const patches = posted.filter((message) => message.patches > 0).map((message) => message.bytes)
  const snapshot = posted.find((message) => message.kind === Msg.Snapshot)!.bytes
  remote.close()
  bridge.close()
  port1.close()
  return { state: serialize(store.state).length, snapshot, patches }
}

const kb = (bytes: number) => (bytes >= 10_000 ? `${(bytes / 1024).toFixed(0)} KiB` : `${bytes} B`)
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')
const lines: string[][] = []
let met = true

function latency(name: string, trips: RoundTrips) {
  const ratio = trips.remoteNs / trips.rawNs
  const baseline = `raw postMessage ping-pong ${formatTime(trips.rawNs)}`
  lines.push([name, formatTime(trips.remoteNs), baseline, `${ratio.toFixed(2)}×`, `≤ ${GOAL}×`, verdict(ratio <= GOAL)])
  met &&= ratio <= GOAL
}

const owned = await workerOwns()
console.log('worker owns the store: measured')
const main = await mainOwns()
console.log('main thread owns the store: measured')
const size = await patchBytes()

latency('remote increment, awaited (worker owns, main replica)', owned)
latency('remote increment, awaited (main owns, worker replica)', main)
lines.push([`${PIPELINED.toLocaleString('en-US')} pipelined remote increments`, `${formatOps(owned.opsPerSec)} ops/s`, '', '', '', ''])
const full = `full state ${kb(size.state)}, snapshot ${kb(size.snapshot)}`
size.patches.forEach((bytes, i) => {
  const by = i === 0 ? "owner's set" : "replica's increment, with its answer"
  const share = `${((bytes / size.state) * 100).toFixed(3)} %`
  lines.push([`patch message, 1-key change on a 1 MB state (${by})`, kb(bytes), full, share, '< 1 KiB', verdict(bytes < 1024)])
  met &&= bytes < 1024
})

const head = ['benchmark', 'ours', 'baseline', 'ratio', 'goal', '']
const widths = head.map((cell, c) => Math.max(cell.length, ...lines.map((line) => line[c]!.length)))
const format = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`
const cpu = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`
const when = new Date().toISOString().slice(0, 10)
console.log(`\nNode ${process.version}, ${process.arch}, ${cpu}, ${when}, load average ${loadavg()[0]!.toFixed(1)}. Medians of ${ROUNDS} rounds.\n`)
console.log([format(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(format)].join('\n'))
if (!met) process.exitCode = 1
