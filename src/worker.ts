// atomic-datastore/worker: share one store between threads.

export { exposeDatastore } from './worker/owner'
export type { DatastoreBridge, ExposeOptions } from './worker/owner'
export { connectDatastore } from './worker/replica'
export type { ConnectOptions } from './worker/replica'
export type { RemoteDatastore } from './worker/replica-type'
export type { Endpoint, EventEndpoint, NodeEndpoint } from './worker/endpoint'
export type { LivenessOptions } from './worker/liveness'
