import { api, unwrap } from './request';

export function login(username: string, password: string) {
  return unwrap(api.POST('/auth/login', { body: { username, password } }));
}
