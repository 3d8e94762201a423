/**
 * One deployment, one namespace: every NATS subject and JetStream stream name carries it, so two
 * deployments on one NATS server never see each other. Descriptors keep unprefixed subjects; the kit
 * applies these helpers at the wire. Zod-free, so the flywheel-guard hook can load it in milliseconds.
 */

/** The namespace when FLYWHEEL_NAMESPACE is unset; its stream names are the historical `FW_*`. */
export const DEFAULT_NAMESPACE = 'fw';

/** Lower-case letters, digits, `_` and `-`: safe as a subject token and, upper-cased, in a stream name. */
export const NAMESPACE_PATTERN = /^[a-z0-9_-]{1,32}$/;

export const isNamespace = (ns: string): boolean => NAMESPACE_PATTERN.test(ns);

/** Returns `ns` when valid; throws naming the rule otherwise. */
export function checkNamespace(ns: string): string {
  if (!isNamespace(ns)) throw new Error(`namespace ${JSON.stringify(ns)} must match ${NAMESPACE_PATTERN.source}`);
  return ns;
}

/** `agent.output.a1` in namespace `fw` → `fw.agent.output.a1` (patterns with `*`/`>` too). */
export const nsSubject = (ns: string, subject: string): string => `${ns}.${subject}`;

/** `AGENT_OUTPUT` in namespace `fw` → `FW_AGENT_OUTPUT`. */
export const nsStreamName = (ns: string, name: string): string => `${ns.toUpperCase()}_${name}`;

/** `fw.agent.output.a1` → `agent.output.a1`; a subject outside the namespace comes back unchanged. */
export const stripNamespace = (ns: string, subject: string): string => (subject.startsWith(`${ns}.`) ? subject.slice(ns.length + 1) : subject);
