// The table of errors: every message it writes, as a development build writes it (the full
// explanation) and as a production build does (the operation, the path and the code).

import { afterEach, describe, expect, test } from 'vitest'
import { EXPECTED, fail, REFUSALS } from '../../src/core/errors'

type Made = Error & { code?: string; path?: unknown }

/** One call of every factory, and of every named expectation and refusal, with sample data. */
const cases = (): [string, Made][] => [
  ['pathNotFound', fail.pathNotFound('operate', ['user', 'nope'])],
  ['notAContainer', fail.notAContainer('set', ['n', 'x'], ['n'], 1)],
  ...Object.keys(EXPECTED).map((expected): [string, Made] => [`typeMismatch ${expected}`, fail.typeMismatch('increment', ['s'], expected as keyof typeof EXPECTED, 'x')]),
  ['invalidPath', fail.invalidPath('get', ['user', {}])],
  ['invalidPath, too long', fail.invalidPath('get', ['a', 'b'], 1000)],
  ['badIndex', fail.badIndex('set', ['list', 3], 3, 2)],
  ['rootPatch', fail.rootPatch('patch')],
  ['rootDelete', fail.rootDelete('delete')],
  ['forbiddenKey', fail.forbiddenKey('set', ['__proto__', 'x'], '__proto__')],
  ...Object.keys(REFUSALS).map((refusal): [string, Made] => [`invalidValue ${refusal}`, fail.invalidValue('set', ['v'], refusal as keyof typeof REFUSALS, sample(refusal))]),
  ['timeout', fail.timeout('transaction', 50)],
  ['aborted', fail.aborted('transaction')],
  ['aborted, with a reason', fail.aborted('transaction', 'user left')],
  ['finished', fail.finished('transaction')],
  ['disconnected', fail.disconnected('increment', 'the owner stopped answering')],
  ['noStore', fail.noStore()],
  ['noStore, of a context', fail.noStore('Provider')],
  ['immutable', fail.immutable()],
]

function sample(refusal: string): unknown {
  switch (refusal) {
    case 'patchOutside':
      return ['a']
    case 'tooDeep':
      return 1000
    case 'notFinite':
    case 'infiniteResult':
      return Number.POSITIVE_INFINITY
    case 'mutation':
      return 'explode'
    case 'tooDeepToCheck':
    case 'throwsWhenRead':
    case 'uncloneable':
      return new RangeError('boom')
    case 'malformedTag':
      return '$set'
    case 'immerRecipe':
      return '[Immer] An immer producer returned a new value *and* modified its draft.'
    case 'secondBridge':
      return 'atomic-datastore'
    default:
      return Symbol('x')
  }
}

const written = (made: Made) => `${made.constructor.name} ${made.code ?? ''} ${made.message}`

const environment = process.env.NODE_ENV
afterEach(() => {
  process.env.NODE_ENV = environment
})

describe('the table of errors', () => {
  test('every factory of the table is covered here', () => {
    const covered = new Set(cases().map(([name]) => name.split(/[ ,]/)[0]))
    expect([...covered].sort()).toEqual(Object.keys(fail).sort())
  })

  test('development messages explain what was expected and what was found', () => {
    expect(Object.fromEntries(cases().map(([name, made]) => [name, written(made)]))).toMatchSnapshot()
  })

  test('production messages keep the code, the operation and the path, and no explanation', () => {
    process.env.NODE_ENV = 'production'
    const made = cases()
    expect(Object.fromEntries(made.map(([name, error]) => [name, written(error)]))).toMatchSnapshot()
    for (const [, error] of made) expect(error.message).not.toMatch(/expected|found/)
  })

  test('an error keeps its code and path in both builds', () => {
    const dev = cases()
    process.env.NODE_ENV = 'production'
    const prod = cases()
    expect(prod.map(([, error]) => [error.code, error.path])).toEqual(dev.map(([, error]) => [error.code, error.path]))
  })
})
