// atomic-datastore/tabs: one store for every tab of an origin, led by one tab, with failover.

export { shareDatastore } from './tabs/share'
export { SharedDatastore } from './tabs/store'
export type { Role, ShareOptions } from './tabs/store'
