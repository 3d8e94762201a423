import { z } from 'zod';
import { ApiKeyInfo, CreatedApiKey, KeyParams, KeysQuery, NewApiKey, WhoAmI } from '../auth-keys.ts';
import { routesOf } from './route.ts';

const route = routesOf('keys');
const P = '/api/v1/keys';

/** /api/v1/keys: API keys (admin), and who the caller is. */
export const keyRoutes = {
  list: route({
    method: 'GET',
    path: P,
    summary: 'API keys and agent credentials (never their secrets)',
    access: 'admin',
    query: KeysQuery,
    reply: z.object({ items: z.array(ApiKeyInfo) }),
  }),
  create: route({
    method: 'POST',
    path: P,
    summary: 'Create an API key (its secret is shown once, in this reply)',
    access: 'admin',
    body: NewApiKey,
    reply: CreatedApiKey,
    status: 201,
    secretReply: true,
  }),
  rotate: route({
    method: 'POST',
    path: `${P}/:id/rotate`,
    summary: 'Replace a key with a new secret (same account, role and name); the old one is revoked',
    access: 'admin',
    params: KeyParams,
    reply: CreatedApiKey,
    status: 201,
    errors: ['NOT_FOUND', 'CONFLICT'],
    secretReply: true,
  }),
  revoke: route({
    method: 'DELETE',
    path: `${P}/:id`,
    summary: 'Revoke an API key and its ws tokens',
    access: 'admin',
    params: KeyParams,
    reply: ApiKeyInfo,
    errors: ['NOT_FOUND'],
  }),
  me: route({
    method: 'GET',
    path: '/api/v1/auth/me',
    summary: 'Who this key is: account, role and key record',
    access: 'viewer',
    agents: true,
    reply: WhoAmI,
  }),
} as const;
