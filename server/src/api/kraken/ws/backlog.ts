import { nextTurn } from '../../../clock/host.js';

/**
 * Characters of frames one connection's queued work may produce in one turn of the event loop
 * before the rest waits for the next turn (other connections are served in between). A depth-1000
 * book snapshot is about 70,000; acks, pongs and small snapshots are a few hundred.
 */
export const SLICE_CHARS = 128 * 1024;

/** What a message's handling may leave to do: steps, each sending the frames of one symbol (its ack, then its snapshot). */
export type Steps = Iterator<unknown>;

/** A message's handling: done at once, or returning the steps still to take. */
export type Work = () => Steps | void;

/**
 * One connection's messages, handled in arrival order a slice at a time. Work runs at once while
 * nothing is queued and the slice has room (a well-behaved client sees no difference); a message
 * whose steps outgrow the slice (a big subscribe) keeps its place at the head and goes on next
 * turn, and the messages behind it wait their turn, so the connection's frames keep the order they
 * always had (each ack before its snapshot, each snapshot before that subscription's updates,
 * every reply after the frames of the requests before it). Work left when the connection closes,
 * or once a `stall` fault silences it for good, is dropped: none of it could be sent.
 */
export class Backlog {
  private readonly queue: (Work | Steps)[] = [];
  private waiting = false;

  constructor(private readonly link: { readonly sentChars: number; readonly open: boolean; readonly stalled: boolean }) {}

  /** Queues a message's handling; runs it now when nothing is ahead of it. */
  add(work: Work): void {
    this.queue.push(work);
    if (!this.waiting && this.queue.length === 1) this.drain();
  }

  private drain(): void {
    this.waiting = false;
    const until = this.link.sentChars + SLICE_CHARS;
    try {
      while (this.queue.length > 0 && this.link.sentChars < until) {
        if (!this.link.open || this.link.stalled) {
          this.queue.length = 0;
          return;
        }
        this.step();
      }
    } finally {
      // Also after a handler threw (a bug, reported as before): the messages behind it still get their turn.
      if (this.queue.length > 0) {
        this.waiting = true;
        nextTurn(() => this.drain());
      }
    }
  }

  /** Runs the head of the queue once; it stays queued while it runs, so a message arriving meanwhile waits behind it. */
  private step(): void {
    const head = this.queue[0]!;
    let finished = true;
    try {
      if (typeof head !== 'function') finished = head.next().done === true;
      else {
        const steps = head();
        if (steps) {
          this.queue[0] = steps;
          finished = false;
        }
      }
    } finally {
      if (finished) this.queue.shift();
    }
  }
}
