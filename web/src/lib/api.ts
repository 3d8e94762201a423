import { API, createApiClient, type ApiClient } from '@flywheel/contracts';

export { ApiError } from '@flywheel/contracts';

const API_KEY = 'flywheel.apiKey';

/** The typed client of the gateway, built from the route descriptors; the only way the app calls the API. */
export const apiFor = (o: { origin?: string; apiKey?: () => string | undefined } = {}): ApiClient<typeof API> =>
  createApiClient(API, { baseUrl: o.origin ?? '', credential: o.apiKey ?? (() => globalThis.localStorage?.getItem(API_KEY) || undefined) });

/** The page's own gateway, with the API key the user gave. */
export const api = apiFor();
