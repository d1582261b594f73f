import { api, unwrap } from './request';

export function login(username: string, password: string) {
  return unwrap(api.POST('/auth/login', { body: { username, password } }));
}

/** Signs the token out on the gateway (refused from now on, on every gateway). */
export function logout() {
  return unwrap(api.POST('/auth/logout'));
}

/**
 * My own password: 200 with a new token (every earlier session of the account has ended, this
 * one's too), or 422 naming `currentPassword` when the current one is wrong.
 */
export function changePassword(currentPassword: string, newPassword: string) {
  return unwrap(api.POST('/auth/password', { body: { currentPassword, newPassword } }));
}
