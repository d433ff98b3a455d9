// Timing for the worker benchmark: sequential round trips, raw and remote, measured in alternating
// rounds after a warm-up so that both see the same machine; the median time per round trip wins.

export interface RoundTrips {
  /** Median ns per raw postMessage round trip. */
  readonly rawNs: number
  /** Median ns per awaited remote increment. */
  readonly remoteNs: number
}

type Trip = (i: number) => Promise<unknown>

const now = () => process.hrtime.bigint()

async function time(trip: Trip, count: number): Promise<number> {
  const start = now()
  for (let i = 0; i < count; i++) await trip(i)
  return Number(now() - start) / count
}

export function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** `rounds` rounds of `count` awaited trips each, raw and remote alternating, after one warm-up round. */
export async function roundTrips(trips: { raw: Trip; remote: Trip }, count: number, rounds: number): Promise<RoundTrips> {
  await time(trips.raw, count)
  await time(trips.remote, count)
  const raw: number[] = []
  const remote: number[] = []
  for (let r = 0; r < rounds; r++) {
    raw.push(await time(trips.raw, count))
    remote.push(await time(trips.remote, count))
  }
  return { rawNs: median(raw), remoteNs: median(remote) }
}
