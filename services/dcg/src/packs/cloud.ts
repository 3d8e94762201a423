/** cloud: AWS, Google Cloud and Azure CLI commands that delete storage, instances, databases or projects. */
import type { BuiltinPack } from '../rule-types.ts';
import { OPTS } from './fragments.ts';

const AWS = String.raw`^aws${OPTS}`;

export const cloud: BuiltinPack = {
  id: 'cloud',
  name: 'Cloud providers',
  description: 'aws, gcloud, gsutil and az: recursive storage deletion, instance termination, database and project deletion.',
  enabledByDefault: true,
  defaultAction: 'ask',
  keywords: ['aws', 'gcloud', 'gsutil', 'az'],
  safePatterns: [{ id: 'dry-run', pattern: String.raw`\s--dry-?run(?:\s|$)` }],
  rules: [
    {
      id: 'aws-s3-delete',
      severity: 'high',
      explanation: 'aws s3 rm --recursive / s3 rb --force deletes every object under the prefix or in the bucket.',
      safeAlternative: 'aws s3 rm s3://my-bucket/prefix --recursive --dryrun',
      pattern: String.raw`${AWS}\s+s3\s+(?:rm\b.*\s--recursive\b|rb\b.*\s--force\b)`,
      commands: ['aws'],
    },
    {
      id: 'aws-ec2-terminate',
      severity: 'critical',
      explanation: 'terminate-instances destroys the instances and their instance-store and delete-on-termination volumes.',
      safeAlternative: 'aws ec2 stop-instances --instance-ids i-0123456789abcdef0',
      pattern: String.raw`${AWS}\s+ec2\s+terminate-instances\b`,
      commands: ['aws'],
    },
    {
      id: 'aws-rds-delete',
      severity: 'critical',
      explanation: 'Deleting an RDS instance or cluster deletes the database (and its automated backups unless retained).',
      safeAlternative: 'aws rds create-db-snapshot --db-instance-identifier mydb --db-snapshot-identifier mydb-final',
      pattern: String.raw`${AWS}\s+rds\s+delete-db-(?:instance|cluster)\b`,
      commands: ['aws'],
    },
    {
      id: 'aws-cloudformation-delete',
      severity: 'high',
      explanation: 'delete-stack deletes every resource the stack created.',
      safeAlternative: 'aws cloudformation describe-stacks --stack-name my-stack',
      pattern: String.raw`${AWS}\s+cloudformation\s+delete-stack\b`,
      commands: ['aws'],
    },
    {
      id: 'gcloud-project-delete',
      severity: 'critical',
      explanation: 'gcloud projects delete shuts down the project and schedules all its resources for deletion.',
      safeAlternative: 'gcloud projects describe my-project',
      pattern: String.raw`^gcloud(?:\s+\S+)*?\s+projects\s+delete\b`,
      commands: ['gcloud'],
    },
    {
      id: 'gcloud-delete',
      severity: 'high',
      explanation: 'gcloud … delete removes the named cloud resource (instances, clusters, databases, buckets …).',
      safeAlternative: 'gcloud compute instances stop my-vm',
      pattern: String.raw`^gcloud(?:\s+\S+){1,6}?\s+delete\b`,
      commands: ['gcloud'],
    },
    {
      id: 'gcs-rm-recursive',
      severity: 'high',
      explanation: 'gsutil rm -r / gcloud storage rm --recursive deletes every object under the path.',
      safeAlternative: 'gsutil ls -r gs://my-bucket/prefix',
      pattern: String.raw`^(?:gsutil${OPTS}\s+rm\b.*\s-[a-zA-Z]*[rR]\b|gcloud\s+storage\s+rm\b.*\s(?:--recursive|-r)\b)`,
      commands: ['gsutil', 'gcloud'],
    },
    {
      id: 'az-group-delete',
      severity: 'critical',
      explanation: 'az group delete deletes the resource group and every resource in it.',
      safeAlternative: 'az group show --name my-group',
      pattern: String.raw`^az\s+group\s+delete\b`,
      commands: ['az'],
    },
    {
      id: 'az-delete',
      severity: 'high',
      explanation: 'az … delete removes the named Azure resource.',
      safeAlternative: 'az vm deallocate --name my-vm --resource-group my-group',
      pattern: String.raw`^az(?:\s+\S+){1,5}?\s+delete\b`,
      commands: ['az'],
    },
  ],
};
