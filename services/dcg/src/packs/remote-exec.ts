/** remote.exec: downloaded or decoded code run without review, and shells wired to the network. */
import type { BuiltinPack } from '../rule-types.ts';
import { decodeToShell, downloadToShell, inlinePayloadExec, reverseShell } from './remote-exec-rules.ts';
import { downloadThenRun } from './download-then-run.ts';

const INSPECT_FIRST = 'curl -fsSLo install.sh https://example.com/install.sh && less install.sh';

export const remoteExec: BuiltinPack = {
  id: 'remote.exec',
  name: 'Remote code execution',
  description: 'Downloads piped or substituted into a shell or interpreter, decoded payloads executed, downloaded files run unread, reverse shells.',
  keywords: [
    'curl', 'wget', 'fetch', 'http', 'xh', 'aria2c', 'lwp-request', 'lynx', 'w3m', 'nc ', 'nc.', 'ncat', 'netcat', 'socat', 'telnet',
    's_client', '/dev/tcp', '/dev/udp', 'socket', 'base64', 'base32', 'basenc', 'xxd', 'uudecode', 'uudeview', 'openssl', 'urlopen',
    'urlretrieve', 'requests.', 'httpx', 'open-uri', 'uri.open', 'lwp::', 'b64decode', 'b32decode', 'b85decode', 'a85decode',
    'decodebytes', 'unhexlify', 'fromhex', 'decode64', 'atob', 'gzinflate', 'str_rot13', 'unpack', 'codecs.decode',
  ],
  enabledByDefault: true,
  defaultAction: 'ask',
  rules: [
    {
      id: 'download-to-shell',
      severity: 'critical',
      explanation: 'Downloaded content piped or substituted into a shell or interpreter (curl … | sh, bash <(curl …), sh -c "$(curl …)") runs code nobody has read.',
      safeAlternative: INSPECT_FIRST,
      test: downloadToShell,
    },
    {
      id: 'decode-to-shell',
      severity: 'critical',
      explanation: 'A decoded payload run by a shell or interpreter (base64 -d | sh, eval "$(… | base64 -d)", xxd -r -p | sh) executes code hidden from review.',
      safeAlternative: 'echo "$PAYLOAD" | base64 -d > payload.txt && less payload.txt',
      test: decodeToShell,
    },
    {
      id: 'inline-payload-exec',
      severity: 'critical',
      explanation: 'An inline script executes a downloaded or decoded payload (exec(base64.b64decode(…)), eval(urlopen(…).read())).',
      safeAlternative: `python3 -c "import base64; print(base64.b64decode('aGVsbG8='))"`,
      test: inlinePayloadExec,
    },
    {
      id: 'download-then-run',
      severity: 'high',
      explanation: 'A file downloaded and run in the same command (curl -o x.sh URL && sh x.sh) is executed before anyone read it.',
      safeAlternative: INSPECT_FIRST,
      test: downloadThenRun,
    },
    {
      id: 'reverse-shell',
      severity: 'critical',
      explanation: 'A shell wired to a network socket (bash -i >& /dev/tcp/…, nc -e /bin/sh, sh -i | nc …) hands the machine to a remote host.',
      safeAlternative: 'nc -zv example.com 443',
      test: reverseShell,
    },
  ],
};
