// fast-check generators for the model test: values, paths and operations over a small key space, so
// that operations often meet each other (and often fail).

import fc from 'fast-check'
import type { Key } from '../../src/index'
import type { AsyncStep, Command, Recipe, Step, TxStep } from './model'

const key = fc.constantFrom<Key>('a', 'b', 'c', 0, 1, 2)
export const path = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Key[]>([]) },
  { weight: 6, arbitrary: fc.array(key, { minLength: 1, maxLength: 1 }) },
  { weight: 4, arbitrary: fc.array(key, { minLength: 2, maxLength: 2 }) },
  { weight: 2, arbitrary: fc.array(key, { minLength: 3, maxLength: 3 }) },
)
const leaf = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', 'yz', ''), fc.boolean(), fc.constant(null), fc.constant(undefined))

export const { value } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown>; map: Map<Key, unknown> }>((tie) => ({
  value: fc.oneof({ maxDepth: 3, depthIdentifier: 'value' }, leaf, tie('array'), tie('object'), tie('map')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3, noNullPrototype: true }),
  map: fc.array(fc.tuple(fc.constantFrom<Key>('a', 'b', 0, 1), tie('value')), { maxLength: 2 }).map((entries) => new Map(entries)),
}))

const by = fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined })

const recipe: fc.Arbitrary<Recipe> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), by: fc.integer({ min: -2, max: 2 }) }),
  fc.record({ kind: fc.constant('push' as const), item: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('assign' as const), key: fc.constantFrom('a', 'b'), value }),
  fc.record({ kind: fc.constant('replace' as const), value }),
  { weight: 1, arbitrary: fc.constant({ kind: 'throw' as const }) },
)

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('set' as const), path, value }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('delete' as const), path }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('init' as const), path, value }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constantFrom('increment' as const, 'decrement' as const), path, by }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('append' as const), path, values: fc.array(value, { maxLength: 3 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('concat' as const),
      path,
      value: fc.oneof(fc.constantFrom('s', '', 't'), fc.array(leaf, { maxLength: 2 }), fc.integer({ min: 0, max: 2 })),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('operate' as const), path, recipe }) },
)

const dataStep = fc.record({ type: fc.constant('data' as const), key: fc.constantFrom('a', 'b', 'c'), value })
const txStep: fc.Arbitrary<TxStep> = fc.oneof({ weight: 5, arbitrary: step }, { weight: 1, arbitrary: dataStep })
const asyncStep: fc.Arbitrary<AsyncStep> = fc.oneof(
  { weight: 6, arbitrary: txStep },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('await' as const), macrotask: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ type: 'throw' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'abort' as const }) },
)

export const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 10, arbitrary: step },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('tx' as const), steps: fc.array(txStep, { maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('asyncTx' as const), steps: fc.array(asyncStep, { maxLength: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('pause' as const), macrotask: fc.boolean() }) },
)

export const initial = fc.dictionary(fc.constantFrom('a', 'b', 'c'), value, { maxKeys: 3, noNullPrototype: true })
