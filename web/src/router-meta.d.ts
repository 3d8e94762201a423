export {};

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in (the login page). */
    public?: boolean;
    title?: string;
    access?: 'viewer' | 'operator' | 'admin';
  }
}
