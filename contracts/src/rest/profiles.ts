import { z } from 'zod';
import { NewProfile, ProfileRotation, ProfileUpdate, ProviderProfile } from '../profiles.ts';
import { AccountId } from '../auth-keys.ts';
import { routesOf } from './route.ts';

const route = routesOf('profiles');
const P = '/api/v1/profiles';
export const ProfileParams = z.object({ id: z.string().min(1).max(100) });
export const ProfilesQuery = z.object({ accountId: AccountId.optional() });

/** /api/v1/profiles: per-account provider profiles (BYOA); secrets go in once and never come back out. */
export const profileRoutes = {
  list: route({
    method: 'GET',
    path: P,
    summary: "The account's provider profiles (variable names only)",
    access: 'viewer',
    query: ProfilesQuery,
    reply: z.object({ items: z.array(ProviderProfile) }),
  }),
  create: route({
    method: 'POST',
    path: P,
    summary: 'Add a provider profile; its values are encrypted at rest',
    access: 'admin',
    body: NewProfile,
    reply: ProviderProfile,
    status: 201,
    errors: ['CONFLICT'],
  }),
  update: route({
    method: 'PATCH',
    path: `${P}/:id`,
    summary: 'Activate, deactivate, rename or reorder a profile',
    access: 'admin',
    params: ProfileParams,
    body: ProfileUpdate,
    reply: ProviderProfile,
    errors: ['NOT_FOUND'],
  }),
  remove: route({
    method: 'DELETE',
    path: `${P}/:id`,
    summary: 'Delete a profile and its secrets',
    access: 'admin',
    params: ProfileParams,
    reply: z.object({ deleted: z.boolean() }),
    errors: ['NOT_FOUND'],
  }),
  rotations: route({
    method: 'GET',
    path: `${P}/rotations`,
    summary: 'Profile switches made because an agent hit a rate limit',
    access: 'viewer',
    query: ProfilesQuery,
    reply: z.object({ items: z.array(ProfileRotation) }),
  }),
} as const;
