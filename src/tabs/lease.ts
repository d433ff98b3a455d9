// A following tab's transaction: it asks the leader for its queue, runs the function once against the
// replica at the version the lease was granted at, and sends the patches of what it wrote as one
// commit. If this tab takes the lead before the lease is granted, the transaction runs here instead.

import { checkArguments, Deadline, diff, fail, type Host, openTransaction, type TransactionJob, type TransactionOptions, Writer } from '../core/internal'
import { LOCAL, type Pending, type Requests } from './requests'

/** What the lease needs from the shared store. */
export interface LeaseHost {
  readonly requests: Requests
  /** The store's state, version and queue. */
  readonly host: Host
  deliver(pending: Pending): void
  /** Resolves once the replica has reached `version`. */
  reached(version: number): Promise<void>
  /** Tells the leader that lease `seq` ends with no commit. */
  release(seq: number): void
  /** Runs the transaction on this tab's own queue (it leads now). */
  local<R>(fn: TransactionJob<R>, options: TransactionOptions): Promise<Awaited<R>>
}

export async function leased<R>(host: LeaseHost, fn: TransactionJob<R>, options: TransactionOptions): Promise<Awaited<R>> {
  const { signal, timeoutMs, name = 'transaction' } = options
  const wrong = checkArguments(fn, signal, timeoutMs, options.name)
  if (wrong) throw wrong
  if (signal?.aborted) throw fail.aborted('transaction', signal.reason)
  const { pending, done, granted } = host.requests.add({ stage: 'acquire', timeoutMs }, (pending) => host.deliver(pending))
  const version = await Promise.race([granted, done as Promise<never>])
  if (version === LOCAL) return host.local(fn, options)
  if (host.host.version < version) await host.reached(version)
  const writer = new Writer(host.host.root)
  const tx = openTransaction(writer, version, name, host.host.initial)
  let result: Awaited<R>
  try {
    result = writer.settle(await limited(fn(tx, writer), signal, timeoutMs))
    tx.close()
  } catch (error) {
    tx.close()
    host.requests.forget(pending.seq)
    host.release(pending.seq)
    throw error
  }
  pending.commit = { version, patches: diff(writer.base, writer.finish(name), writer.touched) }
  pending.stage = 'commit'
  host.deliver(pending)
  await done
  return result
}

/** `value`, unless `signal` aborts or `timeoutMs` runs out first (the core's deadline). */
function limited<V>(value: V, signal: AbortSignal | undefined, timeoutMs: number | undefined): Promise<Awaited<V>> {
  if (!signal && timeoutMs === undefined) return Promise.resolve(value)
  return new Promise((resolve, reject) => {
    const deadline = Deadline('transaction', signal, timeoutMs, reject)
    deadline.arm()
    Promise.resolve(value).then(
      (result) => deadline.settle() && resolve(result),
      (error) => deadline.settle() && reject(error),
    )
  })
}
