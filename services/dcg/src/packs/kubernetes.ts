/** kubernetes: kubectl and helm commands that delete namespaces, everything, volumes or releases. */
import type { BuiltinPack } from '../rule-types.ts';
import { END, ON, OPTS } from './fragments.ts';

const KUBECTL = String.raw`^kubectl${OPTS}`;

export const kubernetes: BuiltinPack = {
  id: 'kubernetes',
  name: 'Kubernetes',
  description: 'kubectl and helm: deleting namespaces, all resources, persistent volumes, releases; draining nodes.',
  enabledByDefault: true,
  defaultAction: 'ask',
  keywords: ['kubectl', 'helm'],
  safePatterns: [{ id: 'dry-run', pattern: String.raw`\s--dry-run(?:=(?:client|server)|\s|$)` }],
  rules: [
    {
      id: 'delete-namespace',
      severity: 'critical',
      explanation: 'Deleting a namespace deletes every resource in it.',
      safeAlternative: 'kubectl delete namespace my-namespace --dry-run=client',
      pattern: String.raw`${KUBECTL}\s+delete\s+(?:\S+\s+)*?(?:namespaces?|ns)(?:\s|/|$)`,
      commands: ['kubectl'],
    },
    {
      id: 'delete-all',
      severity: 'critical',
      explanation: 'kubectl delete --all / --all-namespaces deletes every matching resource at once.',
      safeAlternative: 'kubectl delete pods --all --dry-run=client -n my-namespace',
      pattern: String.raw`${KUBECTL}\s+delete\b.*\s(?:--all(?:-namespaces)?${ON}|-A)${END}`,
      commands: ['kubectl'],
    },
    {
      id: 'delete-persistent-volume',
      severity: 'high',
      explanation: 'Deleting a PersistentVolume or claim can delete the stored data with it.',
      safeAlternative: 'kubectl get pvc -n my-namespace',
      pattern: String.raw`${KUBECTL}\s+delete\s+(?:\S+\s+)*?(?:pvc|pv|persistentvolumeclaims?|persistentvolumes?)(?:\s|/|,|$)`,
      commands: ['kubectl'],
    },
    {
      id: 'drain',
      severity: 'medium',
      action: 'ask',
      explanation: 'kubectl drain evicts every pod from the node; ask a human first.',
      safeAlternative: 'kubectl cordon my-node',
      pattern: String.raw`${KUBECTL}\s+drain\b`,
      commands: ['kubectl'],
    },
    {
      id: 'helm-uninstall',
      severity: 'high',
      explanation: 'helm uninstall deletes every resource of the release.',
      safeAlternative: 'helm uninstall my-release --dry-run',
      pattern: String.raw`^helm${OPTS}\s+(?:uninstall|delete|del|un)\b`,
      commands: ['helm'],
    },
  ],
};
