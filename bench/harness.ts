// A small benchmark harness: calibrated batches, a warm-up, then timed samples taken in turns;
// reports the median time per operation, and compares our case with a peer's in a table of ratios.

import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export interface Options {
  /** How long to run the case before timing it. */
  readonly warmupMs?: number
  /** How long to spend taking samples (at least `minSamples` are taken). */
  readonly timeMs?: number
  readonly minSamples?: number
}

export interface Measurement {
  /** Median nanoseconds per operation. */
  readonly ns: number
  readonly opsPerSec: number
  /** Median absolute deviation, as a fraction of the median. */
  readonly spread: number
  readonly samples: number
}

/** One operation; `i` counts up from 0 across the whole run, so a case can vary its input. */
export type Case = (i: number) => void

/** A row of a suite: our case against a peer's doing the same work. */
export interface Comparison {
  readonly name: string
  readonly ours: Case
  readonly peer: Case
  readonly peerName: string
  /** The least acceptable speed ratio (peer time / our time), if this row has a goal. */
  readonly goal?: number
  readonly options?: Options
  /** Builds the state both cases use; runs before they are measured, and may return a teardown. */
  readonly setup?: () => void | (() => void)
}

export interface Suite {
  readonly name: string
  readonly rows: readonly Comparison[]
}

export interface Row {
  readonly suite: string
  readonly name: string
  readonly peerName: string
  readonly ours: Measurement
  readonly peer: Measurement
  readonly ratio: number
  readonly goal: number | undefined
}

/** A full collection between rows, so that no row pays for the garbage of the one before. */
setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

const SAMPLE_NS = 2_000_000
const now = () => process.hrtime.bigint()

/** Runs `fn` in batches sized to take about 2 ms each, and keeps each batch's time per operation. */
function sampler(fn: Case) {
  let i = 0
  let batch = 1
  const perOp: number[] = []
  const run = (): number => {
    const start = now()
    for (let n = 0; n < batch; n++) fn(i++)
    return Number(now() - start) / batch
  }
  return {
    perOp,
    calibrate() {
      while (run() * batch < SAMPLE_NS && batch < 1 << 24) batch *= 2
    },
    /** Runs batches for `ms` and at least `min` times; keeps their times when `keep`. */
    runFor(ms: number, min: number, keep: boolean) {
      const end = performance.now() + ms
      for (let n = 0; n < min || performance.now() < end; n++) {
        const t = run()
        if (keep) perOp.push(t)
      }
    },
  }
}

/**
 * Times cases side by side: each is calibrated and warmed up, then they take turns, a slice of
 * `timeMs` at a time, so that a change in the machine's load falls on all of them alike.
 */
export function measure(cases: readonly Case[], options: Options = {}): Measurement[] {
  const { warmupMs = 300, timeMs = 1500, minSamples = 25 } = options
  const rounds = 5
  const samplers = cases.map(sampler)
  for (const s of samplers) {
    s.calibrate()
    s.runFor(warmupMs, 1, false)
  }
  for (let round = 0; round < rounds; round++) {
    for (const s of samplers) s.runFor(timeMs / rounds, Math.ceil(minSamples / rounds), true)
  }
  return samplers.map(({ perOp }) => {
    const ns = median(perOp)
    const spread = median(perOp.map((t) => Math.abs(t - ns))) / ns
    return { ns, opsPerSec: 1e9 / ns, spread, samples: perOp.length }
  })
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Measures every row of a suite, ours and the peer's in turns. */
export function runSuite(suite: Suite, filter?: RegExp, log: (line: string) => void = console.log): Row[] {
  const rows: Row[] = []
  for (const row of suite.rows) {
    if (filter && !filter.test(`${suite.name} ${row.name}`)) continue
    collect()
    const teardown = row.setup?.()
    const [ours, peer] = measure([row.ours, row.peer], row.options) as [Measurement, Measurement]
    teardown?.()
    const result: Row = { suite: suite.name, name: row.name, peerName: row.peerName, ours, peer, ratio: peer.ns / ours.ns, goal: row.goal }
    const spread = (m: Measurement) => `±${(m.spread * 100).toFixed(0)}%`
    log(`  ${suite.name} · ${row.name}: ${formatTime(ours.ns)} ${spread(ours)} vs ${row.peerName} ${formatTime(peer.ns)} ${spread(peer)} (${formatRatio(result.ratio)})`)
    rows.push(result)
  }
  return rows
}

export function formatTime(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(0)} ns`
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(ns < 10_000 ? 2 : 1)} µs`
  return `${(ns / 1_000_000).toFixed(2)} ms`
}

export const formatOps = (ops: number): string => Math.round(ops).toLocaleString('en-US')

export const formatRatio = (ratio: number): string => `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}×`

/** The results as a Markdown table, ready for the README. */
export function table(rows: readonly Row[]): string {
  const head = ['benchmark', 'ours (median)', 'ops/s', 'peer', 'peer (median)', 'ops/s', 'ratio', 'goal', '']
  const lines = rows.map((row) => [
    `${row.suite}: ${row.name}`,
    formatTime(row.ours.ns),
    formatOps(row.ours.opsPerSec),
    row.peerName,
    formatTime(row.peer.ns),
    formatOps(row.peer.opsPerSec),
    formatRatio(row.ratio),
    row.goal === undefined ? '' : `≥ ${row.goal}×`,
    row.goal === undefined ? '' : row.ratio >= row.goal ? 'met' : 'MISSED',
  ])
  const widths = head.map((cell, c) => Math.max(cell.length, ...lines.map((line) => line[c]!.length)))
  const format = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`
  return [format(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(format)].join('\n')
}
