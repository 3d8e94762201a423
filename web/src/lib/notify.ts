/** A short two-tone chime made with Web Audio (no media file, nothing to fetch). */
export function chime(): void {
  const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctx) return;
  try {
    const ctx = new Ctx();
    const now = ctx.currentTime;
    [880, 1320].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.22);
    });
    setTimeout(() => void ctx.close().catch(() => undefined), 600);
  } catch {
    // Audio may be blocked until the user interacts with the page; the notification still shows.
  }
}

/** A browser notification when permitted (asked once, from a user gesture, by the inbox). */
export function notify(title: string, body: string, tag?: string): void {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!N || N.permission !== 'granted') return;
  try {
    new N(title, { body, tag });
  } catch {
    // Some mobile browsers only notify through a service worker registration.
    void navigator.serviceWorker?.getRegistration().then((r) => r?.showNotification(title, { body, tag }));
  }
}

export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!N) return 'unsupported';
  if (N.permission !== 'default') return N.permission;
  return N.requestPermission();
}
