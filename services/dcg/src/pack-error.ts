/** Thrown when a pack (custom or configured) is invalid; `details` says which pack, rule and problem. */
export class PackError extends Error {
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'PackError';
    this.details = details;
  }
}
