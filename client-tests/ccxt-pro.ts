import ccxt from 'ccxt';

/** Price and amount of each level (ccxt's REST levels also carry Kraken's level timestamp). */
export const pa = (levels: readonly (readonly unknown[])[]): unknown[][] => levels.map((l) => [l[0], l[1]]);

/**
 * A ccxt.pro Kraken client pointed at a chaos-exchange (REST and both WebSocket versions), with
 * its markets loaded: the URL-override recipe a bot author uses, nothing else changed.
 */
export async function proKraken(url: string, credentials: { apiKey?: string; secret?: string } = {}): Promise<InstanceType<typeof ccxt.pro.kraken>> {
  const kraken = new ccxt.pro.kraken({ enableRateLimit: false, ...credentials });
  const ws = url.replace('http', 'ws');
  kraken.urls.api.public = url;
  kraken.urls.api.private = url;
  kraken.urls.api.ws = { public: ws, private: ws, publicV2: `${ws}/v2`, privateV2: `${ws}/v2-auth` };
  await kraken.loadHttpProxyAgent();
  await kraken.loadMarkets();
  return kraken;
}
