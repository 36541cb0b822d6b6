/** A refused control request: HTTP status and what was wrong. */
export class ControlError extends Error {
  constructor(readonly status: number, message: string, readonly issues: { path: string; line: number; message: string }[] = []) {
    super(message);
  }
}
