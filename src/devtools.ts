// atomic-datastore/devtools: a store's commits in Redux DevTools, by name, with time travel.

export { connectDevtools } from './devtools/connect'
export type { DevtoolsHandle, DevtoolsOptions } from './devtools/connect'
export type { DevtoolsConnection, DevtoolsExtension, DevtoolsMessage } from './devtools/extension'
export type { RemoteEnhancer, RemoteOptions } from './devtools/remote'
