// The little the tests use of two packages that ship no types.

declare module 'jsan' {
  export function parse(text: string): any
  export function stringify(value: unknown): string
}

declare module 'socketcluster-client' {
  interface ClientSocket {
    invoke(procedure: string, data?: unknown): Promise<unknown>
    transmit(event: string, data?: unknown): Promise<void>
    subscribe(channel: string): AsyncIterable<unknown>
    listener(event: string): { once(): Promise<unknown> }
    disconnect(): void
  }
  const client: { create(options: { hostname: string; port: number; autoReconnect?: boolean }): ClientSocket }
  export default client
}
