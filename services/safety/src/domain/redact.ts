// Moved to @flywheel/dcg so a decision the gateway hands over is redacted before it is stored in a stream.
export { redact } from '@flywheel/dcg';
