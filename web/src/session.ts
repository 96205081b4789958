/** Signing in and out, and the admin page's people and grants (server/access/session-router.ts, users-router.ts). */
import { getJson } from './api.ts';

export interface SessionUser {
  name: string;
  role: 'admin' | 'editor' | 'viewer';
  corpora: 'all' | string[];
}

/** Whether this server asks for sign-in, and who is signed in. */
export async function fetchSession(): Promise<{ logins: boolean; user: SessionUser | null }> {
  return getJson('/api/session');
}

const jsonBody = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export async function signIn(username: string, password: string): Promise<SessionUser> {
  return (await getJson<{ user: SessionUser }>('/api/login', jsonBody('POST', { username, password }))).user;
}

export async function signOut(): Promise<void> {
  await getJson('/api/logout', { method: 'POST' });
}

export interface PersonInfo {
  name: string;
  role: 'admin' | 'editor' | 'viewer';
  corpora: string[];
  created_at: string;
}

export async function fetchPeople(): Promise<PersonInfo[]> {
  return (await getJson<{ users: PersonInfo[] }>('/api/users')).users;
}

export async function addPerson(input: { name: string; role: string; password: string }): Promise<PersonInfo> {
  return getJson('/api/users', jsonBody('POST', input));
}

export async function removePerson(name: string): Promise<void> {
  await getJson(`/api/users/${encodeURIComponent(name)}`, { method: 'DELETE' });
}

export async function setGrants(name: string, corpora: string[]): Promise<PersonInfo> {
  return getJson(`/api/users/${encodeURIComponent(name)}/grants`, jsonBody('PUT', { corpora }));
}
