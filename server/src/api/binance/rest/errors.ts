/**
 * Binance's error vocabulary: the `{"code":-1121,"msg":"Invalid symbol."}` body with its HTTP status,
 * each message exactly as Binance's errors.md writes it (see the reference's §5). Only the codes this
 * adapter answers with are here; the core never sees any of them.
 */
export interface ApiError {
  code: number;
  msg: string;
  /** HTTP status: 400 for request errors, 401 for key refusals (observed, not documented). */
  status: number;
  /** Extra detail some errors carry beside code and msg (cancelReplace's `-2021`/`-2022` results). */
  data?: unknown;
}

const err = (code: number, msg: string, status = 400): ApiError => ({ code, msg, status });

/** -1121: a symbol no listed market has. */
export const BAD_SYMBOL = err(-1121, 'Invalid symbol.');
/** -1120: a kline interval Binance does not know (or the core cannot build, see klines.ts). */
export const BAD_INTERVAL = err(-1120, 'Invalid interval.');
/** -1101: the same parameter twice. */
export const DUPLICATE_PARAM = err(-1101, 'Duplicate values for a parameter detected.');
/** -1128: optional parameters that may not go together (`symbol` with `symbols`). */
export const BAD_COMBINATION = err(-1128, 'Combination of optional parameters invalid.');
/** -1021: `timestamp` 1000 ms or more ahead of the server's clock. */
export const TIMESTAMP_AHEAD = err(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
/** -1021: `timestamp` older than `recvWindow` by the server's clock. */
export const OUTSIDE_RECV_WINDOW = err(-1021, 'Timestamp for this request is outside of the recvWindow.');
/** -1022: the HMAC does not match the request's total params. */
export const BAD_SIGNATURE = err(-1022, 'Signature for this request is not valid.');
/** -2014: no usable `X-MBX-APIKEY` (missing or malformed); HTTP 401 as clients observe it. */
export const BAD_KEY_FORMAT = err(-2014, 'API-key format invalid.', 401);
/** -2015: a well-formed key no account has (or without the permission); HTTP 401 as clients observe it. */
export const REJECTED_KEY = err(-2015, 'Invalid API-key, IP, or permissions for action.', 401);
/**
 * -1131: `recvWindow` over 60000. UNCONFIRMED: the historic code and text (CHANGELOG 2019); the
 * current errors.md no longer lists it, and no current answer for this case is documented.
 */
export const BAD_RECV_WINDOW = err(-1131, 'recvWindow must be less than 60000');

/** -1102: a required parameter missing, empty or malformed. */
export const mandatory = (name: string): ApiError => err(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
/** -1130: a parameter whose value is out of range or not one of its allowed values. */
export const invalidValue = (name: string): ApiError => err(-1130, `Data sent for parameter '${name}' is not valid.`);
/** -1100: a parameter with characters outside its legal pattern (the pattern texts are UNCONFIRMED). */
export const illegalChars = (name: string, legal: string): ApiError => err(-1100, `Illegal characters found in parameter '${name}'; legal range is '${legal}'.`);

/** The JSON body of an error, as Binance writes it (code first). */
export const errorBody = (e: ApiError): string => JSON.stringify(e.data === undefined ? { code: e.code, msg: e.msg } : { code: e.code, msg: e.msg, data: e.data });

/**
 * A refusal raised while reading parameters, caught by the handler and answered as its ApiError
 * (the Kraken adapter's InvalidArgument plays the same part). Routes return refusals as values.
 */
export class Refusal extends Error {
  constructor(readonly error: ApiError) {
    super(error.msg);
  }
}
