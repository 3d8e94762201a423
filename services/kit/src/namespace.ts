import type { NatsConnection } from '@nats-io/transport-node';
import { checkNamespace, DEFAULT_NAMESPACE, nsStreamName, nsSubject, stripNamespace } from '@flywheel/contracts';

// The deployment namespace of each connection, set once by connectNats; every kit NATS helper reads it.
const namespaces = new WeakMap<NatsConnection, string>();

/** Binds a connection to a namespace (validated); connectNats does this from FLYWHEEL_NAMESPACE. */
export function bindNamespace(nc: NatsConnection, namespace: string): void {
  namespaces.set(nc, checkNamespace(namespace));
}

/** The namespace a connection works in; `fw` for one never bound (e.g. a test's raw connect()). */
export const namespaceOf = (nc: NatsConnection): string => namespaces.get(nc) ?? DEFAULT_NAMESPACE;

/** The subject on the wire for a descriptor subject: `agent.output.a1` → `fw.agent.output.a1`. */
export const wireSubject = (nc: NatsConnection, subject: string): string => nsSubject(namespaceOf(nc), subject);

/** A wire subject back in descriptor terms: `fw.agent.output.a1` → `agent.output.a1`. */
export const localSubject = (nc: NatsConnection, subject: string): string => stripNamespace(namespaceOf(nc), subject);

/** The JetStream name of a stream spec's name: `AGENT_OUTPUT` → `FW_AGENT_OUTPUT`. */
export const wireStream = (nc: NatsConnection, name: string): string => nsStreamName(namespaceOf(nc), name);
