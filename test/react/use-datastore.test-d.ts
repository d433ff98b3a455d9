import { describe, expectTypeOf, test } from 'vitest'
import { createDatastore, type Datastore, type DatastoreLike, type DeepReadonly } from '../../src/index'
import { createDatastoreContext, DatastoreProvider, useDatastore } from '../../src/react'
import type { RemoteDatastore } from '../../src/worker'
import { createState, type State } from '../types/state'

const store = createState()

describe('useDatastore with a store', () => {
  test('the value is inferred from the store and the path', () => {
    expectTypeOf(useDatastore(store, ['user', 'profile', 'score'])).toEqualTypeOf<number>()
    expectTypeOf(useDatastore(store, 'counter')).toEqualTypeOf<number>()
    expectTypeOf(useDatastore(store, ['user', 'tags', 0])).toEqualTypeOf<string | undefined>()
    expectTypeOf(useDatastore(store, ['lookup', 'x', 'hits'])).toEqualTypeOf<number | undefined>()
    expectTypeOf(useDatastore(store, ['maybe', 'deep'])).toEqualTypeOf<boolean | undefined>()
    expectTypeOf(useDatastore(store, [])).toEqualTypeOf<DeepReadonly<State>>()
  })

  test("the selector's input is inferred, and its result is the hook's", () => {
    const label = useDatastore(store, ['user', 'profile'], (profile) => {
      expectTypeOf(profile).toEqualTypeOf<{ readonly score: number; readonly name: string }>()
      return `${profile.name}:${profile.score}`
    })
    expectTypeOf(label).toEqualTypeOf<string>()
    const picked = useDatastore(
      store,
      'user',
      (user) => ({ name: user.profile.name }),
      (a, b) => {
        expectTypeOf(a).toEqualTypeOf<{ name: string }>()
        return a.name === b.name
      },
    )
    expectTypeOf(picked).toEqualTypeOf<{ name: string }>()
  })

  test('wrong paths and wrong selectors do not compile', () => {
    // @ts-expect-error no such key
    useDatastore(store, ['user', 'nope'])
    // @ts-expect-error score is a number, not a string
    useDatastore(store, ['user', 'profile', 'score'], (score: string) => score)
    // @ts-expect-error equals compares selections, not strings
    useDatastore(store, 'counter', (n) => n * 2, (a: string, b: string) => a === b)
  })

  test('any store of the interface works: a hand-written one, or a worker replica', () => {
    const like: DatastoreLike<State> = store
    expectTypeOf(useDatastore(like, ['user', 'profile', 'name'])).toEqualTypeOf<string>()
    const remote = {} as RemoteDatastore<State>
    expectTypeOf(useDatastore(remote, ['user', 'profile', 'name'])).toEqualTypeOf<string>()
  })

  test('an untyped store gives untyped values', () => {
    const loose = createDatastore()
    expectTypeOf(useDatastore(loose, ['a', 'b'])).toBeAny()
  })
})

describe('useDatastore with the provider', () => {
  test('values are unknown unless a type is given, never a silent any', () => {
    expectTypeOf(useDatastore('counter')).toBeUnknown()
    useDatastore('user', (user) => {
      expectTypeOf(user).toBeUnknown()
      return 1
    })
    useDatastore([['user'], ['counter']], (user, counter) => {
      expectTypeOf(user).toBeUnknown()
      expectTypeOf(counter).toBeUnknown()
    })
    expectTypeOf(useDatastore<number>(['user', 'profile', 'score'])).toEqualTypeOf<number>()
    expectTypeOf(useDatastore('user', (user: { name: string }) => user.name)).toEqualTypeOf<string>()
  })

  test('the provider takes any store', () => {
    expectTypeOf(DatastoreProvider).parameter(0).toHaveProperty('store').toEqualTypeOf<DatastoreLike<any>>()
    DatastoreProvider({ store, children: null })
    DatastoreProvider({ store: {} as RemoteDatastore<State> })
    // @ts-expect-error not a store
    DatastoreProvider({ store: { get: () => 1 } })
  })
})

describe('createDatastoreContext', () => {
  const Context = createDatastoreContext<State>()

  test('its hooks are typed by the state', () => {
    expectTypeOf(Context.useDatastore(['user', 'profile', 'score'])).toEqualTypeOf<number>()
    expectTypeOf(Context.useDatastore('user', (user) => user.tags)).toEqualTypeOf<readonly string[]>()
    expectTypeOf(Context.useStore()).toEqualTypeOf<Datastore<State>>()
    // @ts-expect-error no such key
    Context.useDatastore(['user', 'nope'])
  })

  test('its provider takes only a store of that state', () => {
    Context.Provider({ store })
    // @ts-expect-error a store of another state
    Context.Provider({ store: createDatastore({ other: 1 }) })
  })

  test('a second type parameter names the store type, for replicas', () => {
    const Remote = createDatastoreContext<State, RemoteDatastore<State>>()
    expectTypeOf(Remote.useStore()).toEqualTypeOf<RemoteDatastore<State>>()
    expectTypeOf(Remote.useStore().close).toBeFunction()
  })
})

describe('multi-path selection', () => {
  test("the selector's arguments are typed from the paths", () => {
    const label = useDatastore(store, [['user', 'profile', 'name'], ['counter'], ['maybe', 'deep']], (name, counter, deep) => {
      expectTypeOf(name).toEqualTypeOf<string>()
      expectTypeOf(counter).toEqualTypeOf<number>()
      expectTypeOf(deep).toEqualTypeOf<boolean | undefined>()
      return `${name}${counter}`
    })
    expectTypeOf(label).toEqualTypeOf<string>()
    const Context = createDatastoreContext<State>()
    expectTypeOf(Context.useDatastore([['counter'], ['title']], (counter, title) => [counter, title] as const)).toEqualTypeOf<
      readonly [number, string]
    >()
  })

  test('wrong paths and selectors do not compile', () => {
    // @ts-expect-error no such key
    useDatastore(store, [['user', 'nope'], ['counter']], (a, b) => [a, b])
    // @ts-expect-error counter is a number
    useDatastore(store, [['counter']], (counter: string) => counter)
  })
})

describe('read-only values', () => {
  test('every value read is deeply read-only, so mutating it does not compile', () => {
    const tags = useDatastore(store, ['user', 'tags'])
    expectTypeOf(tags).toEqualTypeOf<readonly string[]>()
    // @ts-expect-error read-only array
    tags.push('x')
    const user = useDatastore(store, 'user')
    // @ts-expect-error read-only key, deep down
    user.profile.score = 1
    useDatastore(store, 'user', (u) => {
      // @ts-expect-error the selector's input is read-only too
      u.tags.push('x')
      return u
    })
    const Context = createDatastoreContext<State>()
    // @ts-expect-error read-only through a typed context as well
    Context.useDatastore(['user', 'tags']).push('x')
  })
})
