import { Role } from '@app/platform';

export type WebPage = 'desk' | 'reports';

/**
 * Who may use each web page: the roles its API allows (the alerts and reports controllers take
 * their `@Allow` from here) and so the pages the header offers a person (`GET /auth/me` →
 * `pages`). Admin may use every page, as everywhere.
 */
export const PAGE_ROLES: Readonly<Record<WebPage, readonly Role[]>> = {
  desk: [Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer, Role.Leadership],
  reports: [Role.Leadership, Role.DutyDirector],
};

/** The pages a caller with `roles` may use, in header order. */
export function pagesFor(roles: readonly Role[]): WebPage[] {
  return (Object.keys(PAGE_ROLES) as WebPage[]).filter((page) => roles.includes(Role.Admin) || PAGE_ROLES[page].some((role) => roles.includes(role)));
}
