// Linearizability with replicas. The owner's thread and one or two replicas (over in-process
// MessageChannels) run random programs at once. The owner's queue is FIFO, so the order in which jobs
// enter it is its commit order: local jobs are logged as they are issued, remote ones as their
// message reaches the owner's bridge. The serial model, applied in that order, must give the owner's
// every commit, state, version and results; the replicas must converge; each path subscriber must see
// exactly the distinct values its path took. FUZZ_RUNS sets the number of programs (`npm run fuzz`: 5,000).

import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createDatastore, type Datastore, type Key } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import type { RemoteDatastore } from '../../src/worker'
import { codeOf, modelCommand, type Outcome, plain, type Step, valueAt } from '../core/model'
import type { Tap } from '../worker/helpers'
import { converged, settles, turns } from './helpers'
import { type Job, type Program, program, runCommand, size, turn } from './program'
import { connectedPair, fuzz } from '../shared'

const FUZZ = fuzz(1000, 120_000)
const totals = { programs: 0, operations: 0 }

type Entry =
  | { kind: 'local'; job: Job; outcome: number }
  | { kind: 'op'; replica: number; id: number; step: Step }
  | { kind: 'cas' | 'acquire'; replica: number; id: number; job: Job; outcome: number }

const toOutcome = (promise: Promise<unknown>): Promise<Outcome> =>
  promise.then((v): Outcome => ({ ok: plain(v) }), (e: unknown): Outcome => ({ error: codeOf(e) }))

async function check(p: Program): Promise<void> {
  const owner = createDatastore<Record<string, any>>(p.start)
  const first = owner.state
  const log: Entry[] = []
  const outcomes: Promise<Outcome>[] = []
  const issue = (job: Job) => {
    log.push({ kind: 'local', job, outcome: outcomes.length })
    outcomes.push(toOutcome(runCommand(owner, job)))
  }

  const commits: unknown[] = []
  const calls: { commit: number; listener: number; value: unknown }[] = []
  owner.subscribe((state) => commits.push(state))
  p.watched.forEach((keys, listener) => (owner as Datastore<any>).subscribe(keys, (value) => calls.push({ commit: commits.length, listener, value })))

  // The complex command (operate or transaction) each replica is running; it runs one at a time.
  const running: ({ job: Job; outcome: number } | undefined)[] = p.replicas.map(() => undefined)
  const links = await Promise.all(
    p.replicas.map(async (_, replica) => {
      const link = await settles(connectedPair(owner, { tap: 'owner', closeAtEnd: false }), 'connectDatastore')
      link.ownerWire.dropIn = (message) => {
        const kind = message.kind
        if (kind === 'op') log.push({ kind: 'op', replica, id: message.id, step: message.op as Step })
        if ((kind === 'cas' || kind === 'acquire') && running[replica]) log.push({ kind, replica, id: message.id, ...running[replica]! })
        return false
      }
      return link
    }),
  )
  const tapOf = (replica: number): Tap => links[replica]!.ownerWire

  const ownerRun = async () => {
    for (const c of p.owner) {
      if (c.type === 'pause') await (c.macrotask ? turn() : Promise.resolve())
      else if (c.type === 'fromSubscriber') {
        const off = owner.subscribe(() => {
          off()
          issue(c.step)
        })
      } else issue(c)
    }
  }
  const replicaRun = async (remote: RemoteDatastore<Record<string, any>>, commands: Program['replicas'][number], replica: number) => {
    for (const c of commands) {
      if (c.type === 'pause') await (c.macrotask ? turn() : Promise.resolve())
      else if (c.type === 'operate' || c.type === 'tx' || c.type === 'asyncTx') {
        running[replica] = { job: c, outcome: outcomes.length }
        const done = toOutcome(runCommand(remote, c))
        outcomes.push(done)
        await settles(done, `replica ${replica}: ${JSON.stringify(c)}`)
        running[replica] = undefined
      } else outcomes.push(toOutcome(runCommand(remote, c)))
    }
  }
  await settles(Promise.all([ownerRun(), ...links.map((l, i) => replicaRun(l.remote, p.replicas[i]!, i))]), 'the program')
  // A subscriber may still issue a mutation at a late commit: wait until nothing more is outstanding.
  let seen = -1
  while (seen !== outcomes.length) {
    seen = outcomes.length
    await settles(Promise.all(outcomes), 'every mutation')
    await turns(2)
  }
  const got = await Promise.all(outcomes)
  await converged(owner, links.map((l) => l.remote))

  // The model, in the owner's queue order.
  const model = { root: plain(p.start) }
  const expected: (Outcome | undefined)[] = outcomes.map(() => undefined)
  const expectedCommits: unknown[] = []
  for (const entry of log) {
    if (entry.kind === 'cas' && tapOf(entry.replica).sent.some((m) => m.kind === 'conflict' && m.id === entry.id)) continue
    const job: Job = entry.kind === 'op' ? entry.step : entry.job
    const before = model.root
    const { outcome, changed } = modelCommand(model, job)
    // A replica sends its changes as patches, so a remote job that ends where it began commits nothing.
    const remote = entry.kind === 'cas' || entry.kind === 'acquire'
    if (changed && !(remote && isDeepStrictEqual(before, model.root))) expectedCommits.push(plain(model.root))
    else model.root = before
    if (entry.kind !== 'op') expected[entry.outcome] = outcome
    else {
      const reply = tapOf(entry.replica).sent.find((m) => m.kind === 'result' && m.id === entry.id)
      expect(reply?.error === undefined ? { ok: plain(reply?.value) } : { error: reply.error.code }).toStrictEqual(outcome)
    }
  }
  expect(commits.map(plain)).toStrictEqual(expectedCommits)
  expect(plain(owner.state)).toStrictEqual(model.root)
  expect(owner.version).toBe(expectedCommits.length)
  got.forEach((outcome, i) => {
    if (expected[i] !== undefined) expect(outcome).toStrictEqual(expected[i])
  })
  for (const { remote } of links) expect(plain(remote.state)).toStrictEqual(plain(owner.state))
  expect(inspectStore(owner).queued).toBe(0)

  const expectedCalls: typeof calls = []
  commits.forEach((next, i) => {
    const prev = i === 0 ? first : commits[i - 1]
    p.watched.forEach((keys: Key[], listener) => {
      const after = valueAt(next, keys)
      if (!Object.is(valueAt(prev, keys), after)) expectedCalls.push({ commit: i + 1, listener, value: after })
    })
  })
  expect(calls.length).toBe(expectedCalls.length)
  calls.forEach((call, i) => expect(call).toStrictEqual(expectedCalls[i]))

  for (const link of links) link.close()
  totals.programs++
  totals.operations += size(p)
}

describe('owner and replicas against a serial model', () => {
  test(`${FUZZ.runs} random programs: owner commits, results, replicas and subscribers match the model`, async () => {
    await fc.assert(fc.asyncProperty(program, check), { numRuns: FUZZ.runs })
    console.log(`[reliability] linearizability: ${totals.programs} programs, ${totals.operations} operations, all passed`)
  }, FUZZ.timeout)
})
