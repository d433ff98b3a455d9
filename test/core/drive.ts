// Drives the real store with the model's steps: each recipe as a function, each step as a call on a
// store (a promise) or on a transaction view (a direct result).

import type { Transaction } from '../../src/index'
import { Boom, isRecord, type Recipe, type TxStep } from './model'

export function recipeFn(r: Recipe): (draft: any) => unknown {
  switch (r.kind) {
    case 'throw':
      return () => {
        throw new Boom()
      }
    case 'add':
      return (v) => (typeof v === 'number' ? v + r.by : undefined)
    case 'push':
      return (v) => {
        if (Array.isArray(v)) v.push(r.item)
      }
    case 'assign':
      return (v) => {
        if (v instanceof Map) v.set(r.key, r.value)
        else if (isRecord(v)) v[r.key] = r.value
      }
    case 'replace':
      return () => r.value
  }
}

/** One step on a store (a promise) or on a transaction view (a direct result). */
export function runStep(target: object, s: TxStep): unknown {
  const t = target as any
  switch (s.type) {
    case 'data': {
      const root = (target as Transaction<Record<string, any>>).data
      if (isRecord(root)) root[s.key] = s.value
      return undefined
    }
    case 'set':
      return t.set(s.path, s.value)
    case 'delete':
      return t.delete(s.path)
    case 'init':
      return t.init(s.path, s.value)
    case 'increment':
    case 'decrement':
      return s.by === undefined ? t[s.type](s.path) : t[s.type](s.path, s.by)
    case 'append':
      return t.append(s.path, ...s.values)
    case 'concat':
      return t.concat(s.path, s.value)
    case 'operate':
      return t.operate(s.path, recipeFn(s.recipe))
  }
}
