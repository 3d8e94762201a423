import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { makeRouter } from './router.ts';
import './styles.css';

createApp(App).use(createPinia()).use(makeRouter()).mount('#app');

// Installable as a PWA: a small service worker (public/sw.js) caches the shell for the home-screen app.
if ('serviceWorker' in navigator && location.protocol !== 'file:' && import.meta.env.PROD) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
