import { afterEach, describe, expect, test, vi } from 'vitest'
import { createDatastore, Datastore, DatastoreError, type DatastoreErrorCode, formatPath, type Key } from '../../src/index'
import { rejection } from './helpers'

type Store = Datastore<Record<string, any>>

interface Case {
  /** What is done, as the test's name. */
  readonly name: string
  readonly code: DatastoreErrorCode
  /** The error's `path`; `undefined` where the error has none. */
  readonly path: readonly Key[] | undefined
  /** Words the message must contain besides the path. */
  readonly says: string
  /** Starts the failing mutation; `trigger` then makes it fail where time or a signal is needed. */
  readonly run: (store: Store) => { failing: Promise<unknown>; trigger?: () => Promise<void> | void }
}

const initial = () => ({
  n: 1,
  s: 'text',
  list: [1, 2],
  user: { profile: { score: 1 } },
  when: new Date(0),
  tags: new Set(['a']),
  m: new Map([['k', 1]]),
})

const just = (failing: Promise<unknown>) => ({ failing })

class Thing {
  x = 1
}

const cases: Case[] = [
  { name: 'operate on a missing path', code: 'PATH_NOT_FOUND', path: ['user', 'nope'], says: 'expected an existing value', run: (s) => just(s.operate(['user', 'nope'], (v: unknown) => v)) },
  { name: 'update of a missing key', code: 'PATH_NOT_FOUND', path: ['nope'], says: 'expected an existing value', run: (s) => just(s.update('nope', (v: unknown) => v)) },
  { name: 'operate below a missing key in a Map', code: 'PATH_NOT_FOUND', path: ['m', 'x'], says: 'found nothing', run: (s) => just(s.operate(['m', 'x'], (v: unknown) => v)) },
  { name: 'set through a number', code: 'NOT_A_CONTAINER', path: ['n', 'x'], says: 'found number 1', run: (s) => just(s.set(['n', 'x'], 1)) },
  { name: 'set through a string', code: 'NOT_A_CONTAINER', path: ['s', 'length'], says: 'string "text"', run: (s) => just(s.set(['s', 'length'], 1)) },
  { name: 'increment through a number, deep', code: 'NOT_A_CONTAINER', path: ['user', 'profile', 'score', 'x', 'y'], says: `at ${formatPath(['user', 'profile', 'score'])}`, run: (s) => just(s.increment(['user', 'profile', 'score', 'x', 'y'])) },
  { name: 'append through a Date', code: 'NOT_A_CONTAINER', path: ['when', 'list'], says: 'a Date', run: (s) => just(s.append(['when', 'list'], 1)) },
  { name: 'init through a Set', code: 'NOT_A_CONTAINER', path: ['tags', 0], says: 'a Set', run: (s) => just(s.init(['tags', 0], 1)) },
  { name: 'delete through a number', code: 'NOT_A_CONTAINER', path: ['n', 'x'], says: 'expected an object, array or Map', run: (s) => just(s.delete(['n', 'x'])) },
  { name: 'operate through an array item', code: 'NOT_A_CONTAINER', path: ['list', 0, 'x'], says: 'number 1', run: (s) => just(s.operate(['list', 0, 'x'], (v: unknown) => v)) },
  { name: 'increment of a string', code: 'TYPE_MISMATCH', path: ['s'], says: 'expected a number, found string "text"', run: (s) => just(s.increment('s')) },
  { name: 'decrement of an object', code: 'TYPE_MISMATCH', path: ['user'], says: 'expected a number, found an object', run: (s) => just(s.decrement('user')) },
  { name: 'append to a string', code: 'TYPE_MISMATCH', path: ['s'], says: 'expected an array', run: (s) => just(s.append('s', 'x')) },
  { name: 'append to a Set', code: 'TYPE_MISMATCH', path: ['tags'], says: 'found a Set', run: (s) => just(s.append('tags', 'x')) },
  { name: 'concat of an array to a string', code: 'TYPE_MISMATCH', path: ['s'], says: 'expected a string to join to a string', run: (s) => just(s.concat('s', ['x'])) },
  { name: 'concat of a string to an array', code: 'TYPE_MISMATCH', path: ['list'], says: 'expected an array to join to an array', run: (s) => just(s.concat('list', 'x')) },
  { name: 'concat onto a number', code: 'TYPE_MISMATCH', path: ['n'], says: 'expected a string or an array', run: (s) => just(s.concat('n', 'x')) },
  { name: 'concat of a number where nothing is', code: 'TYPE_MISMATCH', path: ['fresh'], says: 'found number 3', run: (s) => just(s.concat('fresh', 3)) },
  { name: 'set beyond the end of an array', code: 'INVALID_PATH', path: ['list', 3], says: 'expected an array index from 0 to 2', run: (s) => just(s.set(['list', 3], 1)) },
  { name: 'set at a string key of an array', code: 'INVALID_PATH', path: ['list', 'x'], says: 'found string "x"', run: (s) => just(s.set(['list', 'x'], 1)) },
  { name: 'append below a missing index', code: 'INVALID_PATH', path: ['list', 9, 'items'], says: 'found number 9', run: (s) => just(s.append(['list', 9, 'items'], 1)) },
  { name: 'delete([])', code: 'INVALID_PATH', path: [], says: 'the root cannot be deleted', run: (s) => just(s.delete([])) },
  { name: 'set at __proto__', code: 'FORBIDDEN_KEY', path: ['__proto__', 'polluted'], says: 'the key "__proto__" is forbidden', run: (s) => just(s.set(['__proto__', 'polluted'], 1)) },
  { name: 'increment at constructor', code: 'FORBIDDEN_KEY', path: ['user', 'constructor'], says: 'the key "constructor" is forbidden', run: (s) => just(s.increment(['user', 'constructor'])) },
  { name: 'set a value holding prototype', code: 'FORBIDDEN_KEY', path: ['v', 'prototype'], says: 'the key "prototype" is forbidden', run: (s) => just(s.set('v', { prototype: 1 })) },
  { name: 'set a Map keyed __proto__', code: 'FORBIDDEN_KEY', path: ['v', '__proto__'], says: 'forbidden', run: (s) => just(s.set('v', new Map([['__proto__', 1]]))) },
  { name: 'set a function', code: 'INVALID_VALUE', path: ['v'], says: 'found a function', run: (s) => just(s.set('v', () => 1)) },
  { name: 'set a class instance', code: 'INVALID_VALUE', path: ['v', 'thing'], says: 'found an instance of Thing', run: (s) => just(s.set('v', { thing: new Thing() })) },
  { name: 'append a symbol', code: 'INVALID_VALUE', path: ['fresh', 1], says: 'found a symbol', run: (s) => just(s.append('fresh', 3, Symbol('x'))) },
  { name: 'set NaN', code: 'INVALID_VALUE', path: ['n'], says: 'expected a finite number, found number NaN', run: (s) => just(s.set('n', Number.NaN)) },
  { name: 'set a BigInt', code: 'INVALID_VALUE', path: ['n'], says: 'found bigint 5n', run: (s) => just(s.set('n', 5n)) },
  { name: 'set a cycle', code: 'INVALID_VALUE', path: ['v', 'self'], says: 'a cycle', run: (s) => just(s.set('v', cycle())) },
  { name: 'set([]) to a primitive', code: 'INVALID_VALUE', path: [], says: 'an object, array or Map as the root', run: (s) => just(s.set([], 5 as any)) },
  { name: 'operate returning a function', code: 'INVALID_VALUE', path: ['n'], says: 'a function', run: (s) => just(s.operate('n', () => () => 1)) },
  {
    name: 'an async transaction past its timeoutMs',
    code: 'TIMEOUT',
    path: undefined,
    says: 'transaction: did not finish within 50 ms',
    run: (s) => {
      vi.useFakeTimers()
      const failing = s.transaction(async (tx) => {
        tx.set('n', 100)
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }, { timeoutMs: 50 })
      return {
        failing,
        trigger: async () => {
          await vi.advanceTimersByTimeAsync(50)
        },
      }
    },
  },
  {
    name: 'an async transaction whose signal aborts',
    code: 'ABORTED',
    path: undefined,
    says: 'transaction: aborted',
    run: (s) => {
      const controller = new AbortController()
      const failing = s.transaction(async (tx) => {
        tx.set('n', 100)
        await new Promise(() => {})
      }, { signal: controller.signal })
      return { failing, trigger: () => controller.abort() }
    },
  },
]

function cycle() {
  const node: Record<string, unknown> = {}
  node.self = node
  return node
}

afterEach(() => {
  vi.useRealTimers()
})

describe('every error the core raises', () => {
  test.each(cases.map((c) => [`${c.code}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const store: Store = createDatastore<Record<string, any>>(initial())
    const before = store.state
    const version = store.version
    let thrown: unknown
    let started: ReturnType<Case['run']> | undefined
    try {
      started = c.run(store)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeUndefined()
    const outcome = rejection(started!.failing)
    const next = store.set('after', 'ok')
    await started!.trigger?.()
    const error = await outcome
    await next

    expect(error).toBeInstanceOf(DatastoreError)
    expect(error).toBeInstanceOf(Error)
    const e = error as DatastoreError
    expect(e.code).toBe(c.code)
    expect(e.path).toEqual(c.path)
    if (c.path !== undefined) expect(e.message).toContain(formatPath(c.path))
    expect(e.message).toContain(c.says)

    expect(store.get('after')).toBe('ok')
    expect(store.version).toBe(version + 1)
    const { after, ...rest } = store.state
    expect(rest).toEqual(before)
    for (const key of Object.keys(before)) expect(store.state[key]).toBe(before[key])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('the table covers every code the core raises', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(
      new Set(['PATH_NOT_FOUND', 'NOT_A_CONTAINER', 'TYPE_MISMATCH', 'INVALID_PATH', 'FORBIDDEN_KEY', 'INVALID_VALUE', 'TIMEOUT', 'ABORTED']),
    )
  })
})

describe('DatastoreError', () => {
  test('is an Error with a name, a code, a path and a stack', async () => {
    const store = createDatastore<Record<string, any>>({ s: 'x' })
    const error = (await rejection(store.increment(['s']))) as DatastoreError
    expect(error.name).toBe('DatastoreError')
    expect(error.stack).toContain('DatastoreError')
    expect(String(error)).toBe(`DatastoreError: increment ['s']: expected a number, found string "x"`)
    expect(error.path).toEqual(['s'])
  })

  test('the path is the caller’s path, even when given as a string', async () => {
    const store = createDatastore<Record<string, any>>({ s: 'x' })
    const error = (await rejection(store.increment('s'))) as DatastoreError
    expect(error.path).toEqual(['s'])
    expect(error.message).toBe(`increment ['s']: expected a number, found string "x"`)
  })
})
