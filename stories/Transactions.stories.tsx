// A transfer between two accounts that can fail halfway: inside a transaction the failure rolls the
// debit back; written as plain awaits, the money debited is simply gone.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { createDatastore, type Datastore } from '../src/index'
import { DatastoreProvider, useDatastore } from '../src/react'
import { Demo, sleep } from './shared'

type Bank = { accounts: { alice: number; bob: number } }
type Store = Datastore<Bank>
type Outcome = { kind: 'ok' | 'rolled back' | 'broken'; text: string }

const STEP_MS = 250

const fresh = (): Store => createDatastore<Bank>({ accounts: { alice: 100, bob: 50 } })

/** Debits Alice, waits for the "network", then credits Bob, all in one async transaction. */
async function transfer(store: Store, amount: number, failHalfway: boolean, step: (text: string) => void) {
  await store.transaction(async (tx) => {
    if (tx.get(['accounts', 'alice']) < amount) throw new Error(`Alice has less than ${amount}`)
    tx.decrement(['accounts', 'alice'], amount)
    step(`debited Alice ${amount} in the draft; the store still shows the old balances`)
    await sleep(STEP_MS)
    if (failHalfway) throw new Error('the network failed before Bob was credited')
    tx.increment(['accounts', 'bob'], amount)
    step(`credited Bob ${amount} in the draft; both commit together now`)
  })
}

/** The same steps as separate writes: each commits on its own, so a failure leaves the first. */
async function transferWithoutTransaction(store: Store, amount: number, failHalfway: boolean, step: (text: string) => void) {
  if (store.get(['accounts', 'alice']) < amount) throw new Error(`Alice has less than ${amount}`)
  await store.decrement(['accounts', 'alice'], amount)
  step(`debited Alice ${amount}: already committed`)
  await sleep(STEP_MS)
  if (failHalfway) throw new Error('the network failed before Bob was credited')
  await store.increment(['accounts', 'bob'], amount)
  step(`credited Bob ${amount}: committed`)
}

function Balance({ who }: { who: 'alice' | 'bob' }) {
  const balance = useDatastore<number>(['accounts', who])
  return (
    <div className="card">
      <h3>{who === 'alice' ? 'Alice' : 'Bob'}</h3>
      <div className="big" data-testid={`balance-${who}`}>
        {balance}
      </div>
    </div>
  )
}

function Total() {
  const total = useDatastore(['accounts'], (accounts: Bank['accounts']) => accounts.alice + accounts.bob)
  return (
    <div className="stat">
      <span>money in the bank (always 150 when nothing is lost)</span>
      <b className={total === 150 ? 'good' : 'bad'} data-testid="bank-total">
        {total}
      </b>
    </div>
  )
}

function TransactionsDemo() {
  const [store, setStore] = useState(fresh)
  const [amount, setAmount] = useState(30)
  const [failHalfway, setFailHalfway] = useState(true)
  const [busy, setBusy] = useState(false)
  const [steps, setSteps] = useState<string[]>([])
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const run = async (atomic: boolean) => {
    setBusy(true)
    setOutcome(null)
    setSteps([])
    const step = (text: string) => setSteps((all) => [...all, text])
    const before = store.version
    try {
      await (atomic ? transfer : transferWithoutTransaction)(store, amount, failHalfway, step)
      setOutcome({ kind: 'ok', text: `moved ${amount} from Alice to Bob (version ${before} → ${store.version})` })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const kept = store.version === before
      setOutcome(
        kept
          ? { kind: 'rolled back', text: `the failure (${message}) was rolled back: nothing was committed (version still ${before}), the money is safe` }
          : { kind: 'broken', text: `${message}: Alice's debit was committed on its own (version ${before} → ${store.version})` },
      )
    }
    setBusy(false)
  }

  const reset = () => {
    setStore(fresh())
    setOutcome(null)
    setSteps([])
  }

  return (
    <DatastoreProvider store={store}>
      <Demo title="Transactions" lead="Transfer money from Alice to Bob. With “fail halfway” the transfer throws between the debit and the credit.">
        <div className="cols">
          <Balance who="alice" />
          <Balance who="bob" />
        </div>
        <div className="card">
          <div className="row">
            <label>
              amount
              <input type="number" aria-label="amount" value={amount} min={1} onChange={(event) => setAmount(Number(event.target.value))} />
            </label>
            <label>
              <input type="checkbox" aria-label="fail halfway" checked={failHalfway} onChange={(event) => setFailHalfway(event.target.checked)} />
              fail halfway
            </label>
            <button type="button" disabled={busy} onClick={() => run(true)} data-testid="transfer-transaction">
              Transfer in a transaction
            </button>
            <button type="button" className="ghost" disabled={busy} onClick={() => run(false)} data-testid="transfer-plain">
              Transfer without one
            </button>
            <button type="button" className="ghost" disabled={busy} onClick={reset}>
              Reset
            </button>
          </div>
          <Total />
          <ul className="log mono" data-testid="transfer-steps">
            {steps.map((text, i) => (
              <li key={i}>{text}</li>
            ))}
          </ul>
          <p data-testid="transfer-outcome" data-kind={outcome?.kind ?? (busy ? 'running' : 'none')} className={outcome?.kind === 'broken' ? 'bad' : outcome ? 'good' : 'muted'}>
            {outcome ? `${outcome.kind === 'rolled back' ? '✓ rolled back' : outcome.kind === 'broken' ? '✗ broken' : '✓ ok'}: ${outcome.text}` : busy ? 'running…' : '\u00a0'}
          </p>
        </div>
      </Demo>
    </DatastoreProvider>
  )
}

const meta = {
  title: 'Demos/Transactions',
  component: TransactionsDemo,
  parameters: {
    docs: {
      description: {
        component:
          'A transfer debits Alice, awaits a slow step, then credits Bob. Inside `store.transaction(async tx => …)` ' +
          'the steps write to a private draft: the store keeps showing the old balances until the end, and when ' +
          'the transfer fails halfway nothing is committed, so the total stays 150. Written as separate awaited ' +
          'writes, the debit commits on its own and the failure leaves money missing.',
      },
    },
  },
} satisfies Meta<typeof TransactionsDemo>

export default meta

export const Transactions: StoryObj<typeof meta> = {}
