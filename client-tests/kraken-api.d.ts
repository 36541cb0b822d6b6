/** The part of kraken-api 1.0.2 (npm `kraken-api`, which ships no types) that the client tests call. */
declare module 'kraken-api' {
  /** Kraken's reply: `error` is empty on success (the client throws otherwise). */
  interface KrakenReply {
    error: string[];
    result: any;
  }
  /** The client: `api(method, params)` signs private methods with the key and secret. */
  export default class KrakenClient {
    constructor(key: string, secret: string, options?: { url?: string; timeout?: number; otp?: string });
    api(method: string, params?: Record<string, unknown>): Promise<KrakenReply>;
  }
}
