// Typed paths through the store's whole interface: reads, each mutator, subscribers, transaction
// views, and state types that are recursive, wide or deep.

import { describe, expectTypeOf, test } from 'vitest'
import { createDatastore, type Datastore, type DeepReadonly, type Path, type PathTo, type PathValue } from '../../src/index'
import { createState, type State } from './state'

const store = createState()

describe('reads', () => {
  test('get infers the value at a path, with undefined where it may be missing', () => {
    expectTypeOf(store.get(['user', 'profile', 'score'])).toEqualTypeOf<number>()
    expectTypeOf(store.get(['user', 'profile'])).toEqualTypeOf<{ readonly score: number; readonly name: string }>()
    expectTypeOf(store.get('title')).toEqualTypeOf<string>()
    expectTypeOf(store.get([])).toEqualTypeOf<DeepReadonly<State>>()
    expectTypeOf(store.get(['matrix', 0, 1])).toEqualTypeOf<number | undefined>()
    expectTypeOf(store.get(['maybe', 'count'])).toEqualTypeOf<number | undefined>()
    expectTypeOf(store.get(['lookup', 'k'])).toEqualTypeOf<{ readonly hits: number } | undefined>()
    expectTypeOf(store.get(['maybe', 'count'], 0)).toEqualTypeOf<number>()
  })

  test('a wrong key, a wrong kind of key or a path through a leaf does not compile', () => {
    // @ts-expect-error no such top-level key
    store.get('nope')
    // @ts-expect-error no such nested key
    store.get(['user', 'profile', 'nope'])
    // @ts-expect-error arrays are indexed by numbers
    store.get(['user', 'tags', 'first'])
    // @ts-expect-error a number has no keys
    store.get(['counter', 'x'])
    // @ts-expect-error a path is a string or an array, not a dotted path
    store.has(['user.profile'])
  })

  test('Path and PathValue name the same things', () => {
    expectTypeOf<readonly ['user', 'tags', number]>().toMatchTypeOf<Path<State>>()
    expectTypeOf<PathValue<State, ['lookup', 'k', 'hits']>>().toEqualTypeOf<number | undefined>()
    expectTypeOf<PathTo<State, string>>().toEqualTypeOf<
      'title' | readonly ['title'] | readonly ['user', 'profile', 'name'] | readonly ['user', 'tags', number]
    >()
  })
})

describe('mutators', () => {
  test('set and init check the value against the path', () => {
    void store.set(['user', 'profile', 'score'], 3)
    void store.set(['maybe'], undefined)
    void store.set([], { ...store.state, counter: 1 })
    expectTypeOf(store.init(['lookup', 'k'], { hits: 0 })).toEqualTypeOf<Promise<{ readonly hits: number } | undefined>>()
    // @ts-expect-error a score is a number
    void store.set(['user', 'profile', 'score'], '3')
    // @ts-expect-error a profile needs a name
    void store.set(['user', 'profile'], { score: 1 })
    // @ts-expect-error the root is the whole state
    void store.set([], { counter: 1 })
    // @ts-expect-error only existing paths can be deleted
    void store.delete(['nope'])
  })

  test('increment and decrement take only numeric paths', () => {
    expectTypeOf(store.increment('counter')).toEqualTypeOf<Promise<number>>()
    void store.increment(['maybe', 'count'], 2)
    void store.decrement(['lookup', 'k', 'hits'])
    void store.increment(['matrix', 0, 0])
    // @ts-expect-error a title is a string
    void store.increment('title')
    // @ts-expect-error a profile is an object
    void store.decrement(['user', 'profile'])
    // @ts-expect-error by is a number
    void store.increment('counter', '1')
  })

  test('append takes only array paths, with items of the array type; concat strings or arrays', () => {
    expectTypeOf(store.append(['user', 'tags'], 'a', 'b')).toEqualTypeOf<Promise<number>>()
    void store.append(['matrix', 0], 1, 2)
    void store.append('matrix', [1])
    // @ts-expect-error counter is not an array
    void store.append('counter', 1)
    // @ts-expect-error tags hold strings
    void store.append(['user', 'tags'], 1)
    // @ts-expect-error rows hold numbers
    void store.append('matrix', ['1'])
    expectTypeOf(store.concat('title', '!')).toEqualTypeOf<Promise<string>>()
    void store.concat(['user', 'tags'], ['c'])
    // @ts-expect-error a score is neither a string nor an array
    void store.concat(['user', 'profile', 'score'], 1)
  })

  test('operate and update hand the recipe the value at the path', () => {
    expectTypeOf(store.operate(['user', 'profile', 'score'], (score) => score + 1)).toEqualTypeOf<Promise<number>>()
    void store.update('user', (user) => {
      expectTypeOf(user.tags).toEqualTypeOf<string[]>()
      user.tags.push('x')
    })
    // @ts-expect-error a score is a number
    void store.operate(['user', 'profile', 'score'], (score: string) => score)
  })
})

describe('subscribers', () => {
  test('a path subscriber gets the value at its path; a root subscriber the state', () => {
    store.subscribe(['user', 'profile', 'name'], (value, previous) => {
      expectTypeOf(value).toEqualTypeOf<string>()
      expectTypeOf(previous).toEqualTypeOf<string>()
    })
    store.subscribe(['matrix', 2], (row) => expectTypeOf(row).toEqualTypeOf<readonly number[] | undefined>())
    store.subscribe((state, previous) => {
      expectTypeOf(state).toEqualTypeOf<DeepReadonly<State>>()
      expectTypeOf(previous).toEqualTypeOf<DeepReadonly<State>>()
    })
    // @ts-expect-error no such key
    store.subscribe(['user', 'nope'], () => {})
    // @ts-expect-error a name is a string
    store.subscribe(['user', 'profile', 'name'], (value: number) => value)
  })
})

describe('transactions', () => {
  test('the view is typed like the store, synchronous, and the result comes back', () => {
    const done = store.transaction((tx) => {
      expectTypeOf(tx.get(['user', 'profile', 'score'])).toEqualTypeOf<number>()
      expectTypeOf(tx.increment('counter')).toEqualTypeOf<number>()
      expectTypeOf(tx.append(['user', 'tags'], 'x')).toEqualTypeOf<number>()
      expectTypeOf(tx.state).toEqualTypeOf<DeepReadonly<State>>()
      tx.data.user.profile.score += 1
      // @ts-expect-error a score is a number
      tx.set(['user', 'profile', 'score'], 'x')
      // @ts-expect-error a title is not numeric
      tx.increment('title')
      return tx.get('title')
    })
    expectTypeOf(done).toEqualTypeOf<Promise<string>>()
    const later = store.transaction(async (tx) => {
      await Promise.resolve()
      return tx.get(['user', 'tags'])
    })
    expectTypeOf(later).toEqualTypeOf<Promise<readonly string[]>>()
  })
})

describe('recursive, wide and deep state types', () => {
  interface Tree {
    value: number
    label?: string
    children: Tree[]
    index: Map<string, Tree>
  }

  test('a recursive tree checks without "excessively deep", and increment finds its numbers', () => {
    const trees = createDatastore<{ root: Tree }>()
    expectTypeOf(trees.get(['root', 'children', 0, 'index', 'a', 'value'])).toEqualTypeOf<number | undefined>()
    void trees.increment(['root', 'children', 0, 'children', 1, 'value'])
    void trees.append(['root', 'index', 'a', 'children'], { value: 1, children: [], index: new Map() })
    trees.subscribe(['root', 'children', 0, 'label'], (label) => expectTypeOf(label).toEqualTypeOf<string | undefined>())
    // @ts-expect-error a label is a string
    void trees.increment(['root', 'children', 0, 'label'])
    // Beyond the typed depth, paths are plain key arrays and values are unknown.
    const deep = ['root', 'children', 0, 'children', 0, 'children', 0, 'children', 0, 'children', 0, 'value'] as const
    expectTypeOf(trees.get(deep)).toEqualTypeOf<unknown>()
    void trees.increment(deep)
  })

  test('a state with a hundred keys', () => {
    type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9
    type Wide = { [K in `k${Digit}${Digit}`]: { a: { b: { c: number; d: string[] } }; e: boolean } }
    const wide = createDatastore<Wide>()
    expectTypeOf(wide.get(['k42', 'a', 'b', 'c'])).toEqualTypeOf<number>()
    void wide.increment(['k07', 'a', 'b', 'c'])
    void wide.append(['k99', 'a', 'b', 'd'], 'x')
    // @ts-expect-error e is a boolean
    void wide.increment(['k42', 'e'])
    expectTypeOf(wide).toEqualTypeOf<Datastore<Wide>>()
  })

  test('a state nested 24 levels deep', () => {
    type Nest<D extends unknown[]> = D['length'] extends 24 ? { leaf: number } : { next: Nest<[...D, 0]>; n: number }
    const nest = createDatastore<Nest<[]>>()
    expectTypeOf(nest.get(['next', 'next', 'next', 'next', 'next', 'next', 'next', 'next', 'next', 'n'])).toEqualTypeOf<number>()
    void nest.increment(['next', 'next', 'n'])
    expectTypeOf(nest.get(['next', 'next', 'next', 'next', 'next', 'next', 'next', 'next', 'next', 'next', 'next', 'n'])).toEqualTypeOf<unknown>()
  })
})

describe('read-only values', () => {
  test('get, state, subscribers and transaction views are deeply read-only', () => {
    // @ts-expect-error read-only array
    store.get(['user', 'tags']).push('x')
    // @ts-expect-error read-only key
    store.state.user.profile.score = 2
    // @ts-expect-error a read-only Map
    store.get('lookup').set('k', { hits: 1 })
    // @ts-expect-error the values in a Map are read-only too
    store.get(['lookup', 'k'])!.hits = 1
    // @ts-expect-error nested arrays
    store.get('matrix')[0]!.push(1)
    store.subscribe('user', (user) => {
      // @ts-expect-error a subscriber's value
      user.tags.push('x')
    })
    store.subscribe((state) => {
      // @ts-expect-error a root subscriber's state
      state.counter = 1
    })
    void store.transaction((tx) => {
      // @ts-expect-error a transaction's reads
      tx.get(['user', 'tags']).push('x')
      // the draft is the one place to mutate
      tx.data.user.tags.push('x')
    })
  })

  test('a value read can be written back as it is', () => {
    void store.set(['user', 'tags'], store.get(['user', 'tags']))
    void store.set('user', store.get('user'))
    void store.append(['matrix'], store.get(['matrix', 0]) ?? [])
    void store.transaction((tx) => tx.set('user', tx.get('user')))
  })

  test('untyped stores stay untyped', () => {
    const loose = createDatastore()
    expectTypeOf(loose.get(['a', 'b'])).toBeAny()
  })
})
