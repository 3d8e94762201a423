/** secrets: credential files, secret stores and the process environment sent over the network. */
import type { BuiltinPack } from '../rule-types.ts';
import { credentialUpload, environmentUpload, secretStoreUpload } from './secrets-rules.ts';

export const secrets: BuiltinPack = {
  id: 'secrets',
  name: 'Secrets',
  description:
    'Credential files (SSH keys, cloud credentials, .env, tokens), secret stores and the environment piped, uploaded or substituted into a network command.',
  enabledByDefault: true,
  defaultAction: 'ask',
  keywords: [
    'curl',
    'wget',
    'http',
    'xh',
    'nc ',
    'nc.',
    'ncat',
    'netcat',
    'socat',
    'telnet',
    'ssh',
    'scp',
    'sftp',
    'ftp',
    'rsync',
    'rclone',
    's3cmd',
    'aws',
    'gsutil',
    'gcloud',
    'az ',
    'gh ',
    'dig ',
    'nslookup',
    'host ',
    'drill ',
    'ping ',
    'mail',
    'mutt',
    'smbclient',
    's_client',
    '/dev/tcp',
    '/dev/udp',
  ],
  rules: [
    {
      id: 'credential-upload',
      severity: 'critical',
      explanation:
        'A credential file (~/.ssh/id_*, ~/.aws/credentials, .env, ~/.netrc, gh or docker tokens …) is sent over the network: piped, uploaded or substituted into a network command.',
      safeAlternative: 'ssh-keygen -y -f ~/.ssh/id_ed25519',
      test: credentialUpload,
    },
    {
      id: 'secret-store-upload',
      severity: 'critical',
      explanation:
        'A secret read from a keychain or token helper (security find-generic-password -w, gh auth token, gcloud auth print-access-token …) is sent over the network.',
      safeAlternative: 'gh auth status',
      test: secretStoreUpload,
    },
    {
      id: 'environment-upload',
      severity: 'critical',
      explanation: 'The process environment, with every token and key in it, is sent over the network (env | curl …, curl -d "$(printenv)" …).',
      safeAlternative: 'printenv PATH',
      test: environmentUpload,
    },
  ],
};
