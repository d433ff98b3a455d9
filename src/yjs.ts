// atomic-datastore/yjs: a store kept in step with a Y.Doc, merging each mutation the way it means.

export { bindYjs } from './yjs/bind'
export type { YDoc, YjsBinding, YjsOptions } from './yjs/bind'
