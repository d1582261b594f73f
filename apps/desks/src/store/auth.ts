import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { login as loginRequest, logout as logoutRequest } from '@/api/auth';
import type { AuthUser, Role } from '@/api/types';

const STORAGE_KEY = 'desks.session';
/** Used when a token carries no `exp`: the gateway's default lifetime (JWT_TTL_SECONDS). */
const DEFAULT_LIFETIME_MS = 8 * 3600 * 1000;

interface Session {
  token: string;
  user: AuthUser;
  /** ms since the epoch, from the token's `exp`. */
  expiresAt: number;
}

function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    if (typeof payload.exp === 'number') return payload.exp * 1000;
  } catch {
    // not a JWT we can read: fall back to the default lifetime
  }
  return Date.now() + DEFAULT_LIFETIME_MS;
}

function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const session = raw ? (JSON.parse(raw) as Session) : null;
    return session && session.token && session.user && typeof session.expiresAt === 'number' ? session : null;
  } catch {
    return null;
  }
}

/**
 * The signed-in person. The session lives in localStorage, so a reload keeps it; when it expires
 * (by the clock or by a 401 from the gateway) the router sends the person to login and, after
 * login, back to the page they were on.
 */
export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(readSession());
  /** The last session ended by expiry rather than by logging out: login says so. */
  const expired = ref(false);

  const user = computed(() => session.value?.user ?? null);
  const token = computed(() => session.value?.token ?? null);
  const roles = computed<Role[]>(() => session.value?.user.roles ?? []);

  function isAuthenticated(now = Date.now()): boolean {
    return session.value !== null && session.value.expiresAt > now;
  }

  function hasAnyRole(allowed: readonly Role[] | undefined): boolean {
    return !allowed || allowed.some((role) => roles.value.includes(role));
  }

  function store(next: Session | null): void {
    session.value = next;
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
  }

  async function login(username: string, password: string): Promise<AuthUser> {
    const answer = await loginRequest(username, password);
    adopt(answer);
    return answer.user;
  }

  /** A new token for this session (a sign-in, or the answer to a password change). */
  function adopt(answer: { accessToken: string; user: AuthUser }): void {
    store({ token: answer.accessToken, user: answer.user, expiresAt: expiryOf(answer.accessToken) });
    expired.value = false;
  }

  /**
   * Signs out: the gateway revokes the token first (so a copy of it is worthless), then the
   * session is forgotten here, also when the gateway cannot be reached or the token had expired.
   */
  async function logout(): Promise<void> {
    if (session.value) {
      try {
        await logoutRequest();
      } catch {
        // unreachable or already signed out: forgetting the session is what is left to do
      }
    }
    expired.value = false;
    store(null);
  }

  /** The session ended on its own (expiry or 401). */
  function expire(): void {
    if (session.value) expired.value = true;
    store(null);
  }

  // Another tab logging in or out changes this one too.
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) session.value = readSession();
  });

  return { session, user, token, roles, expired, isAuthenticated, hasAnyRole, login, adopt, logout, expire };
});
