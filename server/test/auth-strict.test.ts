import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSignature, MAX_NONCE, sign } from '../src/api/kraken/rest/auth.js';
import { startExchange } from '../src/app.js';

const SECRET = Buffer.alloc(64, 7).toString('base64');
const PATH = '/0/private/Balance';

let ex: Awaited<ReturnType<typeof startExchange>>;
beforeAll(async () => {
  ex = await startExchange({
    port: 0, clock: 'manual',
    scenario: {
      name: 'strict-auth',
      accounts: ['alice', 'bob', 'carol', 'dan'].map((name) => ({ name, key: `${name}-key-0001`.padEnd(14, '0'), secret: SECRET, balances: { USD: '10' }, nonceWindow: 0 })),
    },
  });
});
afterAll(() => ex.close());

/** A private call sent byte for byte on a socket: `headers` are written as given, duplicates included. */
function post(headers: [string, string][], body: string): Promise<{ error: string[] }> {
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = connect(ex.port, '127.0.0.1', () => {
      const lines = [`POST ${PATH} HTTP/1.1`, `Host: 127.0.0.1:${ex.port}`, 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', ...headers.map(([k, v]) => `${k}: ${v}`)];
      socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
    });
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (got += d));
    socket.on('error', reject);
    socket.on('close', () => resolve(JSON.parse(got.slice(got.indexOf('\r\n\r\n') + 4)) as { error: string[] }));
  });
}

const key = (name: string): string => `${name}-key-0001`.padEnd(14, '0');
const signed = (name: string, nonce: bigint | string, sig?: (good: string) => string | [string, string][]): Promise<{ error: string[] }> => {
  const body = `nonce=${nonce}`;
  const good = sign(PATH, String(nonce), body, SECRET);
  const s = sig ? sig(good) : good;
  return post([['API-Key', key(name)], ...(typeof s === 'string' ? [['API-Sign', s] as [string, string]] : s)], body);
};

describe('nonces a 64-bit counter cannot follow', () => {
  it('2^64 - 1 (and anything over 2^63 - 1) is EAPI:Invalid nonce, and the key still takes ordinary nonces', async () => {
    expect(await signed('alice', 2n ** 64n - 1n)).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect(await signed('alice', MAX_NONCE + 1n)).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await signed('alice', 1_767_225_600_000n)).error).toEqual([]);
    expect((await signed('alice', 1_767_225_600_001n)).error).toEqual([]);
  });

  it('2^63 - 1 is the largest taken (then, as on Kraken, only larger nonces follow)', async () => {
    expect((await signed('bob', MAX_NONCE)).error).toEqual([]);
    expect(await signed('bob', 1_767_225_600_000n)).toEqual({ error: ['EAPI:Invalid nonce'] });
  });
});

describe('API-Sign as a strict base64 decoder reads it', () => {
  it('a duplicated API-Sign header is refused, even when one copy is right', async () => {
    expect(await signed('carol', 1000n, (good) => [['API-Sign', good], ['API-Sign', good]])).toEqual({ error: ['EAPI:Invalid signature'] });
    expect(await signed('carol', 1001n, (good) => [['API-Sign', good], ['API-Sign', 'AAAA']])).toEqual({ error: ['EAPI:Invalid signature'] });
    expect((await signed('carol', 1002n)).error).toEqual([]);
  });

  it('junk after the padding, the URL-safe alphabet, a missing padding and whitespace inside are refused', async () => {
    let nonce = 2000n;
    // A nonce whose signature has both + and / in it, so the URL-safe spelling differs.
    while (!/\+.*\/|\/.*\+/.test(sign(PATH, String(nonce), `nonce=${nonce}`, SECRET))) nonce++;
    for (const mangle of [(g: string) => `${g}AAAA`, (g: string) => `${g}junk`, (g: string) => `${g}=`, (g: string) => g.replaceAll('+', '-').replaceAll('/', '_'), (g: string) => g.replace(/=+$/, ''), (g: string) => `${g.slice(0, 40)}\t${g.slice(40)}`]) {
      expect(await signed('dan', nonce, mangle), mangle.toString()).toEqual({ error: ['EAPI:Invalid signature'] });
    }
    expect((await signed('dan', nonce)).error).toEqual([]);
  });

  it('decodeSignature: the canonical text of its bytes only', () => {
    const good = Buffer.alloc(64, 0xfb).toString('base64');
    expect(decodeSignature(good)).toEqual(Buffer.alloc(64, 0xfb));
    expect(decodeSignature(`${good}, ${good}`)).toBeUndefined();
    // The last character's unused bits must be zero: "+w==" is 0xfb, "+x==" is not canonical.
    expect(decodeSignature(`${good.slice(0, -3)}x==`)).toBeUndefined();
    expect(decodeSignature(undefined)).toBeUndefined();
  });
});
