import { describe, expectTypeOf, test } from 'vitest'
import type { Transaction as TransactionClass } from '../../src/core/transaction'
import type { Transaction } from '../../src/index'
import type { RemoteDatastore } from '../../src/worker'
import type { RemoteDatastore as ReplicaClass } from '../../src/worker/replica'
import { createState, type State } from './state'

const store = createState()

describe('the published types of the transaction view and the replica', () => {
  test('Transaction has exactly the public members of the view the store hands out', () => {
    expectTypeOf<keyof Transaction<State>>().toEqualTypeOf<keyof TransactionClass<State>>()
    expectTypeOf<TransactionClass<State>>().toMatchTypeOf<Transaction<State>>()
    void store.transaction((tx) => {
      expectTypeOf(tx).toEqualTypeOf<Transaction<State>>()
      expectTypeOf(tx.get(['user', 'profile', 'score'])).toEqualTypeOf<number>()
      expectTypeOf(tx.increment('counter')).toEqualTypeOf<number>()
      expectTypeOf(tx.transaction((inner) => inner)).toEqualTypeOf<Transaction<State>>()
      // @ts-expect-error score is a number
      tx.set(['user', 'profile', 'score'], 'x')
    })
  })

  test('RemoteDatastore has exactly the public members of the replica connectDatastore makes', () => {
    expectTypeOf<keyof RemoteDatastore<State>>().toEqualTypeOf<keyof ReplicaClass<State>>()
    expectTypeOf<ReplicaClass<State>>().toMatchTypeOf<RemoteDatastore<State>>()
    expectTypeOf<RemoteDatastore<State>['connected']>().toEqualTypeOf<boolean>()
  })

  test('neither can be constructed: they are types, with no value behind them', () => {
    // @ts-expect-error a type only
    void (null as unknown as typeof import('../../src/index').Transaction)
    // @ts-expect-error a type only
    void (null as unknown as typeof import('../../src/worker').RemoteDatastore)
  })
})
