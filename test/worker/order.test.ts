// A replica keeps the order its requests were made in, as a local store's queue does: an `operate`
// sees the replica's own earlier writes even before they were answered, and a write made after an
// `operate` lands after it.

import type { MessagePort } from 'node:worker_threads'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createDatastore, type Datastore } from '../../src/index'
import type { NodeEndpoint } from '../../src/worker'
import { step as stepArbitrary, initial } from '../core/arbitraries'
import { runStep } from '../core/drive'
import { codeOf, plain, type Step } from '../core/model'
import { connectedPair, fuzz } from '../shared'

const FUZZ = fuzz(150, 60_000)

describe("an operate after the replica's own unanswered write", () => {
  test('sees the write, where the local copy does not have it yet', async () => {
    const { owner, remote } = await connectedPair<Record<string, any>>({})
    void remote.set('x', 1)
    expect(await remote.operate('x', (x: number) => x + 1)).toBe(2)
    void remote.append('list', 3, 1, 2)
    expect(await remote.operate('list', (list: number[]) => void list.sort())).toStrictEqual([1, 2, 3])
    expect(owner.state).toStrictEqual({ x: 2, list: [1, 2, 3] })
  })

  test('that changes nothing on the stale copy still runs against the write', async () => {
    const { owner, remote } = await connectedPair<Record<string, any>>({ n: 5, name: ' a ' })
    void remote.set('n', -3)
    // On the copy before the set, this clamp would change nothing and answer 5 without asking the owner.
    expect(await remote.operate('n', (n: number) => Math.max(n, 0))).toBe(0)
    void remote.set('name', 'b')
    expect(await remote.update('name', (name: string) => name.trim())).toBe('b')
    expect(owner.state).toStrictEqual({ n: 0, name: 'b' })
  })

  test('waits for an earlier transaction, and a failed earlier write does not hold it up', async () => {
    const { owner, remote } = await connectedPair<Record<string, any>>({ s: 'text' })
    void remote.transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      tx.set('x', 10)
    })
    const failed = expect(remote.increment('s')).rejects.toMatchObject({ code: 'TYPE_MISMATCH', path: ['s'] })
    expect(await remote.operate('x', (x: number) => x * 2)).toBe(20)
    await failed
    expect(owner.get('x')).toBe(20)
  })
})

describe('a call that fails at once on the replica', () => {
  test('does not let a later operate run before an earlier unanswered write', async () => {
    const { owner, remote } = await connectedPair<Record<string, any>>({ n: 5 })
    const aborted = AbortSignal.abort(new Error('stop'))
    for (const options of [{ signal: aborted }, { timeoutMs: -1 }]) {
      void remote.set('n', -3)
      const refused = expect(remote.transaction(() => 1, options)).rejects.toBeInstanceOf(Error)
      expect(await remote.operate('n', (n: number) => Math.max(n, 0))).toBe(0)
      await refused
      expect(owner.get('n')).toBe(0)
      await remote.set('n', 5)
    }
  })
})

describe('calls queued behind an operate', () => {
  test('all go, in order, once it settles', async () => {
    const { owner, remote } = await connectedPair<Record<string, any>>({ n: 0 })
    const first = remote.operate('n', (n: number) => n + 1000)
    const counts = Array.from({ length: 5000 }, () => remote.increment('n'))
    expect(await first).toBe(1000)
    expect(await Promise.all(counts)).toStrictEqual(Array.from({ length: 5000 }, (_, i) => 1001 + i))
    expect(owner.get('n')).toBe(6000)
  })
})

describe('a queued call whose message cannot be posted', () => {
  test('rejects once with INVALID_VALUE, and the calls behind it still go', async () => {
    // A port that refuses to post while `failing` is above 0, as a closed channel does.
    let failing = 0
    const posted: unknown[] = []
    const refusing = (port: MessagePort): NodeEndpoint => ({
      postMessage(message: unknown) {
        if (failing > 0 && failing--) throw new Error('the channel is closed')
        posted.push(message)
        port.postMessage(message)
      },
      on: (type: string, listener: (...args: any[]) => void) => port.on(type, listener),
      off: (type: string, listener: (...args: any[]) => void) => port.off(type, listener),
    })
    const { owner, remote } = await connectedPair({ a: 0, b: 0, c: 0 }, { replicaSide: refusing })
    const first = remote.operate('a', (a) => a + 1)
    const set = remote.set('b', 1)
    const rejected = expect(set).rejects.toMatchObject({ code: 'INVALID_VALUE' })
    const second = remote.operate('c', (c) => c + 1)
    failing = 1
    const before = posted.length
    expect(await first).toBe(1)
    await rejected
    expect(await second).toBe(1)
    expect(owner.state).toStrictEqual({ a: 1, b: 0, c: 1 })
    // Nothing was posted twice: the operate's message and nothing for the set.
    expect(posted.length - before).toBe(1)
  })
})

describe('transactions queued behind an operate', () => {
  test('settle in the order they were made, one whose fn throws included', async () => {
    const run = async (store: Datastore<any>) => {
      const log: string[] = []
      const note = (name: string) => [() => void log.push(name), () => void log.push(`${name} rejected`)] as const
      const first = [store.operate(['a', 'a'], (value) => value).then(...note('operate')), store.transaction(() => []).then(...note('A'))]
      await Promise.resolve()
      const then = [
        store.transaction((tx) => tx.operate(['a', 'a'], () => { throw new Error('boom') })).then(...note('B')),
        store.transaction(async () => []).then(...note('C')),
      ]
      await Promise.all([...first, ...then])
      return log
    }
    const { remote } = await connectedPair<Record<string, any>>({})
    const expected = ['operate rejected', 'A', 'B rejected', 'C']
    expect(await run(createDatastore<Record<string, any>>({}))).toStrictEqual(expected)
    expect(await run(remote)).toStrictEqual(expected)
  })
})

describe('a write made after an operate', () => {
  test('reaches the owner after it, as on a local store', async () => {
    const { owner, remote } = await connectedPair<Record<string, any>>({ list: [] })
    const pushed = remote.operate('list', (list: number[]) => void list.push(1))
    const cleared = remote.set('list', [])
    const counted = remote.transaction((tx) => tx.get('list').length)
    await Promise.all([pushed, cleared])
    expect(await counted).toBe(0)
    expect(owner.get('list')).toStrictEqual([])
  })
})

/** A call: one step on the store, or a synchronous transaction of steps on its view. */
type Call = Step | { type: 'tx'; steps: Step[] }

const call: fc.Arbitrary<Call> = fc.oneof(
  { weight: 4, arbitrary: stepArbitrary },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('tx' as const), steps: fc.array(stepArbitrary, { maxLength: 3 }) }) },
)

/** Issues every call at once, awaiting none, and then collects what each settled with, and in which order. */
async function runUnawaited(store: Datastore<any>, calls: Call[]) {
  const order: number[] = []
  const settled = await Promise.allSettled(
    calls.map((c, i) => {
      let promise: Promise<unknown>
      try {
        promise = Promise.resolve(c.type === 'tx' ? store.transaction((tx) => c.steps.map((s) => runStep(tx, s))) : runStep(store, c))
      } catch (error) {
        promise = Promise.reject(error)
      }
      const done = () => void order.push(i)
      promise.then(done, done)
      return promise
    }),
  )
  const outcomes = settled.map((result) => (result.status === 'fulfilled' ? { ok: plain(result.value) } : { error: codeOf(result.reason) }))
  return { outcomes, order }
}

describe('unawaited calls from one replica', () => {
  test('settle with the same results, in the same order (calls refused by their own checks aside), and leave the same state as on a local store (property)', async () => {
    await fc.assert(
      fc.asyncProperty(initial, fc.array(call, { minLength: 1, maxLength: 10 }), async (start, calls) => {
        const local = createDatastore<Record<string, unknown>>(structuredClone(start))
        const expected = await runUnawaited(local, calls)
        const { owner, remote, close } = await connectedPair<Record<string, unknown>>(structuredClone(start), { closeAtEnd: false })
        try {
          const got = await runUnawaited(remote, calls)
          expect(got.outcomes).toStrictEqual(expected.outcomes)
          // A call refused by its own checks rejects at once on either store; the others settle in turn.
          const inTurn = (order: number[]) => order.filter((i) => 'ok' in expected.outcomes[i]! || calls[i]!.type === 'tx')
          expect(inTurn(got.order)).toStrictEqual(inTurn(expected.order))
          expect(plain(owner.state)).toStrictEqual(plain(local.state))
          expect(plain(remote.state)).toStrictEqual(plain(local.state))
        } finally {
          close()
        }
      }),
      { numRuns: FUZZ.runs },
    )
  }, FUZZ.timeout)
})
