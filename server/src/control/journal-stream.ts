import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Journal, JournalEntry, JournalFilter } from './journal.js';

/** Bytes a stream client may leave unread before entries are skipped for it (a slow browser must not make the server buffer without limit). */
export const STREAM_BACKLOG_BYTES = 1 << 20;

/** Entries replayed to a newly connected stream before the live ones. */
export const STREAM_REPLAY = 200;

/**
 * Streams journal entries as Server-Sent Events (`event: entry`, `id:` the entry's seq): the latest
 * STREAM_REPLAY (or those after `Last-Event-ID` on a reconnect), then each new one as it is
 * recorded. A client that falls more than STREAM_BACKLOG_BYTES behind is sent `event: gap` with
 * how many entries it missed instead of them.
 */
export function streamJournal(req: IncomingMessage, res: ServerResponse, journal: Journal, filter: JournalFilter): void {
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
  const after = Number.isInteger(resumeAt) && resumeAt >= 0 ? resumeAt : filter.after;
  for (const e of journal.list({ ...filter, after, limit: STREAM_REPLAY })) send(e);
  const stop = journal.subscribe(send);
  res.on('close', stop);
}
