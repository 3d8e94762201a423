/** infrastructure: Terraform/OpenTofu/Terragrunt and Pulumi commands that destroy or orphan infrastructure. */
import type { BuiltinPack } from '../rule-types.ts';
import { END, ON, OPTS } from './fragments.ts';

const TF = String.raw`^(?:terraform|tofu|terragrunt)${OPTS}\s+(?:run-all\s+)?`;
const TF_COMMANDS = ['terraform', 'tofu', 'terragrunt'];

export const infrastructure: BuiltinPack = {
  id: 'infrastructure',
  name: 'Infrastructure as code',
  description: 'terraform, tofu, terragrunt and pulumi: destroy, unreviewed apply, state surgery.',
  enabledByDefault: true,
  defaultAction: 'ask',
  keywords: ['terraform', 'tofu', 'terragrunt', 'pulumi'],
  rules: [
    {
      id: 'terraform-destroy',
      severity: 'critical',
      explanation: 'terraform destroy (or apply -destroy) deletes every resource the configuration manages.',
      safeAlternative: 'terraform plan -destroy',
      pattern: String.raw`${TF}(?:destroy\b|apply\b.*\s-{1,2}destroy${ON}${END})`,
      commands: TF_COMMANDS,
    },
    {
      id: 'terraform-apply-auto-approve',
      severity: 'high',
      action: 'ask',
      explanation: 'apply -auto-approve skips the plan review and may replace or delete resources; a human should approve.',
      safeAlternative: 'terraform plan -out=tfplan',
      pattern: String.raw`${TF}apply\b.*\s-{1,2}auto-approve${ON}${END}`,
      commands: TF_COMMANDS,
    },
    {
      id: 'terraform-state-rm',
      severity: 'high',
      explanation: 'state rm / state push rewrites the state: resources become unmanaged or the recorded state is overwritten.',
      safeAlternative: 'terraform state list',
      pattern: String.raw`${TF}state\s+(?:rm|push)\b`,
      commands: TF_COMMANDS,
    },
    {
      id: 'pulumi-destroy',
      severity: 'critical',
      explanation: 'pulumi destroy deletes every resource in the stack.',
      safeAlternative: 'pulumi preview --diff',
      pattern: String.raw`^pulumi${OPTS}\s+(?:destroy|down)\b`,
      commands: ['pulumi'],
    },
    {
      id: 'pulumi-stack-rm',
      severity: 'high',
      explanation: 'pulumi stack rm deletes the stack and its history (with --force even when resources remain).',
      safeAlternative: 'pulumi stack ls',
      pattern: String.raw`^pulumi${OPTS}\s+stack\s+rm\b`,
      commands: ['pulumi'],
    },
  ],
};
