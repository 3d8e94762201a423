import { API, createApiClient, type ApiClient } from '@flywheel/contracts';

export { ApiError } from '@flywheel/contracts';

/** Where the signed-in API key lives: this tab's session only. */
export const API_KEY_STORAGE = 'flywheel.apiKey';

export const storedKey = (): string | undefined => globalThis.sessionStorage?.getItem(API_KEY_STORAGE) || undefined;

/** The typed client of the gateway, built from the route descriptors; the only way the app calls the API. */
export const apiFor = (o: { origin?: string; apiKey?: () => string | undefined } = {}): ApiClient<typeof API> =>
  createApiClient(API, { baseUrl: o.origin ?? '', credential: o.apiKey ?? storedKey });

/** The page's own gateway, with the API key the user signed in with. */
export const api = apiFor();
