// Random programs of local mutations and transactions, with other writers' commits interleaved:
// undoing everything gives the initial state, redoing everything the final one, and the other
// writers' values survive every undo and redo.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createDatastore } from '../../src/index'
import { createHistory } from '../../src/history'
import { coreOf, type OpRequest } from '../../src/core/internal'
import { value } from '../core/arbitraries'
import { fuzz } from '../shared'

const FUZZ = fuzz(150, 60_000)
const remote = { name: 'remote' }

/** The keys of `doc` that local calls write; other writers write `doc.r` and `theirs`. */
const LOCAL = ['a', 'b', 'n', 'list', 'text'] as const

const index = fc.integer({ min: 0, max: 4 })
const local: fc.Arbitrary<OpRequest> = fc.oneof(
  fc.record({ type: fc.constant('set'), path: fc.constantFrom(['doc', 'a'], ['doc', 'b'], ['doc', 'a', 'x']), value }),
  fc.record({ type: fc.constant('set'), path: index.map((i) => ['doc', 'list', i]), value }),
  fc.record({ type: fc.constant('delete'), path: fc.oneof(fc.constantFrom(['doc', 'a'], ['doc', 'b']), index.map((i) => ['doc', 'list', i])) }),
  fc.record({ type: fc.constantFrom('increment', 'decrement'), path: fc.constant(['doc', 'n']), by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ type: fc.constant('append'), path: fc.constant(['doc', 'list']), values: fc.array(value, { maxLength: 3 }) }),
  fc.record({ type: fc.constant('concat'), path: fc.constant(['doc', 'text']), value: fc.constantFrom('x', 'yz') }),
  fc.record({ type: fc.constant('init'), path: fc.constantFrom(['doc', 'a'], ['doc', 'b', 'c']), value }),
)
const recipe = fc.constantFrom('reverse', 'shift', 'insert', 'tag')
type Command =
  | { kind: 'local'; request: OpRequest }
  | { kind: 'operate'; recipe: string }
  | { kind: 'transaction'; requests: OpRequest[]; recipe: string | null }
  | { kind: 'remote'; request: OpRequest }

const foreign: fc.Arbitrary<OpRequest> = fc.oneof(
  fc.record({ type: fc.constant('set'), path: fc.constantFrom(['doc', 'r'], ['theirs', 'x'], ['theirs', 'y', 'z']), value }),
  fc.record({ type: fc.constant('delete'), path: fc.constantFrom(['doc', 'r'], ['theirs', 'x']) }),
  fc.record({ type: fc.constant('increment'), path: fc.constant(['theirs', 'count']) }),
)
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: local.map((request) => ({ kind: 'local' as const, request })) },
  { weight: 1, arbitrary: recipe.map((recipe) => ({ kind: 'operate' as const, recipe })) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('transaction' as const), requests: fc.array(local, { maxLength: 4 }), recipe: fc.option(recipe, { nil: null }) }),
  },
  { weight: 3, arbitrary: foreign.map((request) => ({ kind: 'remote' as const, request })) },
)

function cook(recipe: string) {
  return (list: unknown[]) => {
    if (recipe === 'reverse') list.reverse()
    else if (recipe === 'shift') list.shift()
    else if (recipe === 'insert') list.splice(1, 0, 'inserted')
    else list.push({ tag: list.length })
  }
}

type Store = ReturnType<typeof createDatastore<any>>

async function run(store: Store, command: Command): Promise<void> {
  const swallow = () => {}
  if (command.kind === 'local') await coreOf(store).dispatch(command.request).catch(swallow)
  else if (command.kind === 'remote') await coreOf(store).dispatch(command.request, remote).catch(swallow)
  else if (command.kind === 'operate') await store.operate(['doc', 'list'], cook(command.recipe)).catch(swallow)
  else
    await store
      .transaction(
        (tx) => {
          for (const request of command.requests) {
            try {
              ;(tx as any)[request.type](request.path, ...('values' in request ? (request.values as unknown[]) : ['by' in request ? request.by : request.value]))
            } catch {}
          }
          if (command.recipe) tx.operate(['doc', 'list'], cook(command.recipe))
        },
        { name: 'edit' },
      )
      .catch(swallow)
}

/** What other writers own: `doc.r` and `theirs`. */
const theirs = (state: any) => ({ r: state.doc?.r, theirs: state.theirs })
/** What local calls own: the other keys of `doc`. */
const mine = (state: any) => Object.fromEntries(LOCAL.filter((key) => key in state.doc).map((key) => [key, state.doc[key]]))

const initial = fc.record({
  a: value,
  list: fc.array(value, { maxLength: 4 }),
  n: fc.integer({ min: -5, max: 5 }),
  r: value,
})

describe('history, property: undo all gives the initial state, redo all the final one', () => {
  it('with other writers interleaved, whose values survive every undo and redo', async () => {
    await fc.assert(
      fc.asyncProperty(initial, fc.array(command, { maxLength: 25 }), fc.array(foreign, { maxLength: 6 }), async (start, program, during) => {
        const store = createDatastore<any>({ doc: start, theirs: {} })
        const history = createHistory(store, { limit: 1000 })
        const first = mine(store.state)
        for (const command of program) await run(store, command)
        const last = mine(store.state)

        const interleave = async () => {
          const request = during.shift()
          if (request) await coreOf(store).dispatch(request, remote).catch(() => {})
          return theirs(store.state)
        }
        let expected = await interleave()
        while (await history.undo()) {
          expect(theirs(store.state)).toEqual(expected)
          expected = await interleave()
        }
        expect(mine(store.state)).toEqual(first)
        expect(theirs(store.state)).toEqual(expected)
        while (await history.redo()) {
          expect(theirs(store.state)).toEqual(expected)
          expected = await interleave()
        }
        expect(mine(store.state)).toEqual(last)
        expect(theirs(store.state)).toEqual(expected)
      }),
      { numRuns: FUZZ.runs },
    )
  }, FUZZ.timeout)
})
