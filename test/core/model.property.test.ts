// Random, concurrently issued operations against a store must end exactly where a simple serial model
// (plain JS, applied in issue order) ends: same results, same state, same commits, same notifications.
// FUZZ_RUNS sets the number of runs (`npm run fuzz`: 5,000), for example FUZZ_RUNS=5000 npx vitest run --project core model.

import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { createDatastore, Datastore } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import { command, initial, path, step } from './arbitraries'
import { runStep } from './drive'
import { turn } from './helpers'
import { Boom, codeOf, type Command, isContainer, modelCommand, type Outcome, plain, valueAt } from './model'
import { fuzz } from '../shared'

const FUZZ = fuzz(250, 30_000)

// The operations against the store

type Loose = Datastore<Record<string, any>>

interface Run {
  outcomes: Promise<Outcome>[]
  settled: number
  isolationBroken: boolean
}

async function issue(store: Loose, commands: Command[]): Promise<Run> {
  const run: Run = { outcomes: [], settled: 0, isolationBroken: false }
  const settle = (promise: Promise<unknown>) =>
    run.outcomes.push(
      promise
        .then((v): Outcome => ({ ok: plain(v) }), (e: unknown): Outcome => ({ error: codeOf(e) }))
        .finally(() => run.settled++),
    )
  for (const c of commands) {
    if (c.type === 'pause') {
      await (c.macrotask ? turn() : Promise.resolve())
    } else if (c.type === 'tx') {
      settle(store.transaction((tx) => c.steps.map((s) => plain(runStep(tx, s)))))
    } else if (c.type === 'asyncTx') {
      const controller = new AbortController()
      settle(
        store.transaction(
          async (tx) => {
            const committed = store.state
            const results: unknown[] = []
            for (const s of c.steps) {
              if (s.type === 'await') {
                await (s.macrotask ? turn() : Promise.resolve())
                if (store.state !== committed) run.isolationBroken = true
              } else if (s.type === 'throw') {
                throw new Boom()
              } else if (s.type === 'abort') {
                controller.abort()
                return results
              } else {
                results.push(plain(runStep(tx, s)))
              }
            }
            return results
          },
          { signal: controller.signal },
        ),
      )
    } else {
      settle(runStep(store, c) as Promise<unknown>)
    }
  }
  return run
}


// The properties

describe('the store against a serial model', () => {
  test(
    'random concurrent operations and transactions end where the model ends',
    async () => {
      await fc.assert(
        fc.asyncProperty(initial, fc.array(command, { minLength: 1, maxLength: 25 }), fc.array(path, { maxLength: 4 }), async (start, commands, watched) => {
          const pristine = plain(commands)
          const store = createDatastore<Record<string, any>>(start)
          const first = store.state

          const commits: unknown[] = []
          const calls: { commit: number; listener: number; value: unknown; previous: unknown }[] = []
          store.subscribe((state) => commits.push(state))
          watched.forEach((keys, listener) =>
            (store as Datastore<any>).subscribe(keys, (v, previous) => calls.push({ commit: commits.length, listener, value: v, previous })),
          )

          const run = await issue(store, commands)
          for (let i = 0; i < 200 && run.settled < run.outcomes.length; i++) await turn()
          expect(run.outcomes.length - run.settled).toBe(0)
          const outcomes = await Promise.all(run.outcomes)

          const model = { root: plain(start) }
          const expectedOutcomes: Outcome[] = []
          const expectedCommits: unknown[] = []
          for (const c of commands) {
            if (c.type === 'pause') continue
            const { outcome, changed } = modelCommand(model, c)
            expectedOutcomes.push(outcome)
            if (changed) expectedCommits.push(plain(model.root))
          }

          expect(outcomes).toStrictEqual(expectedOutcomes)
          expect(plain(store.state)).toStrictEqual(model.root)
          expect(store.version).toBe(expectedCommits.length)
          expect(commits.map(plain)).toStrictEqual(expectedCommits)
          expect(run.isolationBroken).toBe(false)
          expect(inspectStore(store).queued).toBe(0)
          expect(plain(commands)).toStrictEqual(pristine)

          const expectedCalls: typeof calls = []
          commits.forEach((next, i) => {
            const prev = i === 0 ? first : commits[i - 1]
            watched.forEach((keys, listener) => {
              const before = valueAt(prev, keys)
              const after = valueAt(next, keys)
              if (!Object.is(before, after)) expectedCalls.push({ commit: i + 1, listener, value: after, previous: before })
            })
          })
          expect(calls.length).toBe(expectedCalls.length)
          calls.forEach((call, i) => {
            const expected = expectedCalls[i]!
            expect(call.commit).toBe(expected.commit)
            expect(call.listener).toBe(expected.listener)
            expect(call.value).toBe(expected.value)
            expect(call.previous).toBe(expected.previous)
          })
        }),
        { numRuns: FUZZ.runs },
      )
    },
    FUZZ.timeout,
  )

  test(
    'every committed state is frozen and shares what did not change',
    async () => {
      await fc.assert(
        fc.asyncProperty(initial, fc.array(step, { minLength: 1, maxLength: 15 }), async (start, steps) => {
          const store = createDatastore<Record<string, any>>(start)
          for (const s of steps) {
            const before = store.state
            await (runStep(store, s) as Promise<unknown>).catch(() => {})
            const after = store.state
            expectFrozen(after)
            // An array root is left out: deleting an index shifts every item after it.
            if (Array.isArray(before)) continue
            for (const k of Object.keys(before)) {
              const touched = s.path.length === 0 || String(s.path[0]) === k
              if (!touched && Object.hasOwn(after, k)) expect(after[k]).toBe(before[k])
            }
          }
        }),
        { numRuns: FUZZ.runs },
      )
    },
    FUZZ.timeout,
  )
})

function expectFrozen(node: unknown) {
  if (!isContainer(node)) return
  expect(Object.isFrozen(node)).toBe(true)
  if (node instanceof Map) node.forEach(expectFrozen)
  else Object.values(node).forEach(expectFrozen)
}
