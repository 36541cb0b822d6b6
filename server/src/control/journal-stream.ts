import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Journal, JournalEntry, JournalFilter } from './journal.js';
import { closeWhenClientLeaves } from '../http-mounts.js';

/** Bytes a stream client may leave unread before entries are skipped for it (a slow browser must not make the server buffer without limit). */
export const STREAM_BACKLOG_BYTES = 1 << 20;

/** Entries replayed to a newly connected stream before the live ones. */
export const STREAM_REPLAY = 200;

/**
 * Streams journal entries as Server-Sent Events (`event: entry`, `id:` the entry's seq): the latest
 * STREAM_REPLAY (of all, or of those after `Last-Event-ID` on a reconnect), then each new one as
 * it is recorded. Entries a client misses are counted in an `event: gap` (`{"skipped":N}`) before
 * the next one it gets: on a reconnect, those beyond the replay; at any time, those recorded while
 * it is more than STREAM_BACKLOG_BYTES behind.
 */
export function streamJournal(req: IncomingMessage, res: ServerResponse, journal: Journal, filter: JournalFilter): void {
  closeWhenClientLeaves(req, res);
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
  res.write('retry: 2000\n\n');
  const wanted = (e: JournalEntry): boolean =>
    (filter.account === undefined || e.account === filter.account) && (filter.route === undefined || e.route === filter.route)
    && (filter.transport === undefined || e.transport === filter.transport) && (filter.outcome === undefined || e.outcome === filter.outcome);
  let skipped = 0;
  const send = (e: JournalEntry): void => {
    if (!wanted(e)) return;
    if (res.writableLength > STREAM_BACKLOG_BYTES) {
      skipped += 1;
      return;
    }
    if (skipped > 0) {
      res.write(`event: gap\ndata: {"skipped":${skipped}}\n\n`);
      skipped = 0;
    }
    res.write(`id: ${e.seq}\nevent: entry\ndata: ${JSON.stringify(e)}\n\n`);
  };
  const resumeAt = Number(req.headers['last-event-id']);
  const resumed = Number.isInteger(resumeAt) && resumeAt >= 0;
  // A seq beyond the journal's is another server's (restarted since): everything here is new.
  const after = resumed ? (resumeAt > journal.total ? 0 : resumeAt) : filter.after;
  const backlog = journal.list({ ...filter, after, limit: Number.MAX_SAFE_INTEGER });
  // A reconnecting client is told how many it missed; a new one just starts with the latest.
  if (resumed) skipped = Math.max(0, backlog.length - STREAM_REPLAY);
  for (const e of backlog.slice(-STREAM_REPLAY)) send(e);
  const stop = journal.subscribe(send);
  res.on('close', stop);
}
