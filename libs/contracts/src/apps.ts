/**
 * The apps of this system, by the name each goes by: the envelope's `producer`, and the prefix of
 * a setting entry meant for one app when one environment serves both (`npm start`), such as
 * SCHEDULER_JOBS_OFF's `court-gateway:reports`. One list, so an app can tell another app's entry
 * (ignored) from a typo (refused).
 */
export const SYSTEM_APPS = ['court-gateway', 'traffic-adapter'] as const;
export type SystemApp = (typeof SYSTEM_APPS)[number];
