import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { roleAllows, type Access, type WhoAmI as WhoAmISchema } from '@flywheel/contracts';
import type { z } from 'zod';
import { api, API_KEY_STORAGE } from '../lib/api.ts';
import { shownError, type ShownError } from '../lib/errors.ts';

type WhoAmI = z.infer<typeof WhoAmISchema>;

/**
 * Who is signed in: the API key (this tab's sessionStorage only) and what `GET /api/v1/auth/me` says about it.
 * `can(access)` hides the controls a role may not use.
 */
export const useSessionStore = defineStore('session', () => {
  const apiKey = ref(globalThis.sessionStorage?.getItem(API_KEY_STORAGE) ?? '');
  const me = ref<WhoAmI | null>(null);
  const error = ref<ShownError | null>(null);
  const loading = ref(false);

  const signedIn = computed(() => !!apiKey.value && !!me.value);
  const role = computed(() => me.value?.principal.role);
  const accountId = computed(() => me.value?.principal.accountId);

  function can(access: Access): boolean {
    if (access === 'public') return true;
    return !!role.value && roleAllows(role.value, access);
  }

  /** Trades the key for who it is; keeps it only when the gateway accepts it. */
  async function login(key: string): Promise<boolean> {
    loading.value = true;
    error.value = null;
    globalThis.sessionStorage?.setItem(API_KEY_STORAGE, key);
    apiKey.value = key;
    try {
      me.value = await api.keys.me({});
      return true;
    } catch (e) {
      error.value = shownError(e);
      forget();
      return false;
    } finally {
      loading.value = false;
    }
  }

  /** On reload: checks the stored key again. */
  async function restore(): Promise<boolean> {
    if (me.value) return true;
    if (!apiKey.value) return false;
    return login(apiKey.value);
  }

  function forget() {
    globalThis.sessionStorage?.removeItem(API_KEY_STORAGE);
    apiKey.value = '';
    me.value = null;
  }

  function logout() {
    forget();
    error.value = null;
  }

  return { apiKey, me, error, loading, signedIn, role, accountId, can, login, restore, logout };
});
