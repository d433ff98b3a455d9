import { describe, expectTypeOf, test } from 'vitest'
import { createDatastore, type Path, type PathValue } from '../../src/index'
import { createState } from './state'

const store = createState()

describe('typed paths', () => {
  test('get infers the value at a nested path', () => {
    expectTypeOf(store.get(['user', 'profile', 'score'])).toEqualTypeOf<number>()
    expectTypeOf(store.get('counter')).toEqualTypeOf<number>()
    expectTypeOf(store.get(['user', 'tags', 0])).toEqualTypeOf<string | undefined>()
    expectTypeOf(store.get(['lookup', 'x', 'hits'])).toEqualTypeOf<number | undefined>()
    expectTypeOf(store.get(['maybe', 'deep'])).toEqualTypeOf<boolean | undefined>()
    expectTypeOf(store.get('counter', 'none')).toEqualTypeOf<number | 'none'>()
  })

  test('wrong keys and wrong value types do not compile', () => {
    // @ts-expect-error no such key
    store.get(['user', 'nope'])
    // @ts-expect-error score is a number
    void store.set(['user', 'profile', 'score'], 'high')
    // @ts-expect-error name is not a number
    void store.increment(['user', 'profile', 'name'])
    // @ts-expect-error counter is not an array
    void store.append('counter', 1)
    // @ts-expect-error tags hold strings
    void store.append(['user', 'tags'], 1)
    void store.append(['user', 'tags'], 'a', 'b')
    void store.increment(['user', 'profile', 'score'], 2)
  })

  test('subscribers and transactions are typed', () => {
    store.subscribe(['user', 'profile', 'name'], (value, prev) => {
      expectTypeOf(value).toEqualTypeOf<string>()
      expectTypeOf(prev).toEqualTypeOf<string>()
    })
    void store.transaction((tx) => {
      expectTypeOf(tx.get(['user', 'profile', 'score'])).toEqualTypeOf<number>()
      tx.data.user.profile.score += 1
      return tx.increment('counter')
    }).then((n) => expectTypeOf(n).toEqualTypeOf<number>())
  })

  test('recursive state types stay shallow enough to check', () => {
    interface Tree { value: number; children: Tree[] }
    const trees = createDatastore<{ root: Tree }>({ root: { value: 1, children: [] } })
    expectTypeOf(trees.get(['root', 'children', 0, 'children', 0, 'value'])).toEqualTypeOf<number | undefined>()
    type P = Path<{ root: Tree }>
    expectTypeOf<readonly ['root', 'value']>().toMatchTypeOf<P>()
    expectTypeOf<PathValue<{ root: Tree }, ['root', 'value']>>().toEqualTypeOf<number>()
  })

  test('an untyped store takes any path', () => {
    const loose = createDatastore()
    void loose.set(['a', 'b', 3], { any: 'thing' })
    expectTypeOf(loose.get(['a', 'b'])).toBeAny()
  })
})
