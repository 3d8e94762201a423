import { createRouter, createWebHistory, createMemoryHistory, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from './stores/session.ts';

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'Sign in' } },
  { path: '/', name: 'overview', component: () => import('./views/OverviewView.vue'), meta: { title: 'Overview' } },
  { path: '/inbox', name: 'inbox', component: () => import('./views/InboxView.vue'), meta: { title: 'Inbox' } },
  { path: '/agents', name: 'agents', component: () => import('./views/AgentsView.vue'), meta: { title: 'Agents' } },
  { path: '/agents/:id', name: 'agent', component: () => import('./views/AgentView.vue'), meta: { title: 'Agent' } },
  { path: '/dcg', name: 'dcg', component: () => import('./views/SafetyView.vue'), meta: { title: 'Safety' } },
  { path: '/cost-analytics', name: 'cost', component: () => import('./views/CostView.vue'), meta: { title: 'Costs' } },
  { path: '/coordination', name: 'coordination', component: () => import('./views/CoordinationView.vue'), meta: { title: 'Coordination' } },
  { path: '/tasks', name: 'tasks', component: () => import('./views/TasksView.vue'), meta: { title: 'Tasks' } },
  { path: '/velocity', name: 'velocity', component: () => import('./views/VelocityView.vue'), meta: { title: 'Velocity' } },
  { path: '/fleet', name: 'fleet', component: () => import('./views/FleetView.vue'), meta: { title: 'Fleet' } },
  { path: '/alerts', name: 'alerts', component: () => import('./views/AlertsView.vue'), meta: { title: 'Alerts' } },
  { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: 'Audit', access: 'admin' } },
  { path: '/accounts', name: 'accounts', component: () => import('./views/AccountsView.vue'), meta: { title: 'Accounts & keys' } },
  { path: '/:rest(.*)*', name: 'missing', component: () => import('./views/NotFoundView.vue'), meta: { title: 'Not found' } },
];

/** History-mode routes (the gateway answers index.html for them); every page but /login needs a signed-in key. */
export function makeRouter(memory = false) {
  const router = createRouter({ history: memory ? createMemoryHistory() : createWebHistory(), routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    if (to.meta.public) return true;
    if (!(await session.restore())) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
    return true;
  });
  router.afterEach((to) => {
    if (typeof document !== 'undefined') document.title = `${String(to.meta.title ?? '')} · Flywheel`;
  });
  return router;
}
