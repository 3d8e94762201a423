/** What counts as talking to the network, shared by the remote.exec and secrets packs. */

/** Bash's network pseudo-files: `> /dev/tcp/host/port` opens a connection. */
export const NET_DEVICE = /^\/dev\/(?:tcp|udp)\//;

const SOCKETS = new Set(['nc', 'ncat', 'netcat', 'socat', 'telnet']);

/** Raw socket tools (`nc.openbsd` and `nc.traditional` included). */
export const isSocket = (cmd: string): boolean => SOCKETS.has(cmd) || cmd.startsWith('nc.');
