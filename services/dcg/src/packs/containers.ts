/** containers: Docker, Compose and Podman commands that delete volumes, containers or images. */
import type { BuiltinPack } from '../rule-types.ts';
import { END, ON, OPTS } from './fragments.ts';

const ENGINE = String.raw`^(?:docker|podman|nerdctl)${OPTS}`;
const COMPOSE = String.raw`^(?:(?:docker|podman)${OPTS}\s+compose|docker-compose|podman-compose)${OPTS}`;
const COMMANDS = ['docker', 'podman', 'nerdctl', 'docker-compose', 'podman-compose'];

export const containers: BuiltinPack = {
  id: 'containers',
  name: 'Containers',
  description: 'Docker, Docker Compose and Podman: pruning, volume deletion, forced container removal.',
  enabledByDefault: true,
  defaultAction: 'ask',
  keywords: ['docker', 'podman', 'nerdctl'],
  rules: [
    {
      id: 'volume-delete',
      severity: 'critical',
      explanation: 'Removing or pruning volumes deletes the data they hold (databases, uploads, caches).',
      safeAlternative: 'docker volume ls',
      pattern: String.raw`${ENGINE}\s+volume\s+(?:rm|remove|prune)${END}`,
      commands: COMMANDS,
    },
    {
      id: 'system-prune',
      severity: 'high',
      explanation: 'system prune removes all stopped containers, unused networks and images (and volumes with --volumes).',
      safeAlternative: 'docker system df',
      pattern: String.raw`${ENGINE}\s+system\s+prune${END}`,
      commands: COMMANDS,
    },
    {
      id: 'compose-down-volumes',
      severity: 'high',
      explanation: 'compose down -v deletes the project’s named volumes along with its containers.',
      safeAlternative: 'docker compose down',
      pattern: String.raw`${COMPOSE}\s+down\b.*\s(?:-[a-z]*v[a-z]*|--volumes${ON})${END}`,
      commands: COMMANDS,
    },
    {
      id: 'rm-force',
      severity: 'medium',
      explanation: 'rm -f kills running containers and removes them with their writable layer.',
      safeAlternative: 'docker stop my-container',
      pattern: String.raw`${ENGINE}\s+(?:container\s+)?rm\b.*\s(?:-[a-z]*f[a-z]*|--force${ON})${END}`,
      commands: COMMANDS,
    },
    {
      id: 'prune',
      severity: 'medium',
      explanation: 'image/container/network/builder prune deletes everything unused of that kind.',
      safeAlternative: 'docker image ls --filter dangling=true',
      pattern: String.raw`${ENGINE}\s+(?:image|container|network|builder|buildx)\s+prune${END}`,
      commands: COMMANDS,
    },
  ],
};
