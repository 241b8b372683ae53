/**
 * The newsroom's roles (Ghost's set), from most to least trusted. What each may do is decided
 * in one place, the permission policy; this file only names them.
 */
export const ROLES = ['owner', 'administrator', 'editor', 'author', 'contributor'] as const;

export type Role = (typeof ROLES)[number];

/** Arabic names, as the newsroom shows them. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  owner: 'المالك',
  administrator: 'مدير',
  editor: 'محرر',
  author: 'كاتب',
  contributor: 'مساهم',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
