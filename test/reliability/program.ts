// Random programs for the linearizability property: the owner's thread and one or two replicas each
// run a list of commands at once, and the plain commands of test/core/model.ts say what each does.

import fc from 'fast-check'
import type { Key } from '../../src/index'
import { command, initial, path, step } from '../core/arbitraries'
import { runStep } from '../core/drive'
import { Boom, type Command, plain, type Step } from '../core/model'

/** A mutation that a subscriber of the owner issues at the next commit. */
export type FromSubscriber = { type: 'fromSubscriber'; step: Step }
export type OwnerCommand = Command | FromSubscriber
export type Job = Exclude<Command, { type: 'pause' }>

export interface Program {
  readonly start: Record<string, unknown>
  readonly owner: OwnerCommand[]
  readonly replicas: Command[][]
  readonly watched: Key[][]
}

const fromSubscriber: fc.Arbitrary<FromSubscriber> = fc.record({ type: fc.constant('fromSubscriber' as const), step })
const ownerCommand: fc.Arbitrary<OwnerCommand> = fc.oneof({ weight: 6, arbitrary: command }, { weight: 1, arbitrary: fromSubscriber })
// An abort is a local signal; a replica's transaction is stopped by a throw instead.
const remoteCommand: fc.Arbitrary<Command> = command.map((c) => (c.type === 'asyncTx' ? { ...c, steps: c.steps.filter((s) => s.type !== 'abort') } : c))

export const program: fc.Arbitrary<Program> = fc.record({
  start: initial,
  owner: fc.array(ownerCommand, { maxLength: 12 }),
  replicas: fc.array(fc.array(remoteCommand, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 2 }),
  watched: fc.array(path, { maxLength: 3 }),
})

/** How many operations a program issues (pauses left out). */
export const size = (p: Program): number =>
  [...p.owner, ...p.replicas.flat()].filter((c) => c.type !== 'pause').length

export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Runs a command on `store` (local or remote): a promise of what it resolves to. */
export function runCommand(store: { transaction(fn: (tx: any) => unknown): Promise<unknown> }, c: Job): Promise<unknown> {
  if (c.type === 'tx') return store.transaction((tx) => c.steps.map((s) => plain(runStep(tx, s))))
  if (c.type === 'asyncTx') {
    const controller = new AbortController()
    const body = async (tx: object) => {
      const results: unknown[] = []
      for (const s of c.steps) {
        if (s.type === 'await') await (s.macrotask ? turn() : Promise.resolve())
        else if (s.type === 'throw') throw new Boom()
        else if (s.type === 'abort') {
          controller.abort()
          return results
        } else results.push(plain(runStep(tx, s)))
      }
      return results
    }
    return (store as any).transaction(body, { signal: controller.signal })
  }
  return runStep(store, c) as Promise<unknown>
}
