/**
 * Errors the domain refuses with, by code. The code (and the field it concerns, and the values
 * it names) is what clients act on and what the pages translate (`error.<code>` in the web
 * dictionaries, with the same `{placeholders}`); the English sentence is built from the same
 * template for API clients and logs. The HTTP filter answers a DomainError with the status of
 * its kind and `{ statusCode, error, message: [sentence], code, field?, params }`.
 */

export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict';

export enum ErrorCode {
  AlertNotFound = 'alert.not_found',
  /** `{id}` is `{state}`; `{action}` does not start from there (`{attempt}` says it in English). */
  AlertTransitionNotAllowed = 'alert.transition_not_allowed',
  AlertActionForbidden = 'alert.action_forbidden',
  TeamConfined = 'alert.team_confined',
  TeamConfinedView = 'alert.team_confined_view',
  TeamConfinedList = 'alert.team_confined_list',
  TeamConfinedSilence = 'alert.team_confined_silence',
  NotLinkedToOfficer = 'alert.not_linked_to_officer',
  ActsAsOwnOfficer = 'alert.acts_as_own_officer',
  NotAssigneeOrLead = 'alert.not_assignee_or_lead',
  OfficerNotFound = 'roster.officer_not_found',
  SeizureNotFound = 'seizure.not_found',
  SeizureNotActiveForSilence = 'seizure.not_active_for_silence',
  SeizureAlreadyReleased = 'seizure.already_released',
  SeizureExpiredNothingToRelease = 'seizure.expired_nothing_to_release',
  SeizureNotActiveForRenewal = 'seizure.not_active_for_renewal',
  InterceptionUnknown = 'interception.unknown',
  HitForUnknownSeizure = 'hit.unknown_seizure',
  /** 扣押 (impounding the car on scene), apps/court-gateway/src/impounds. */
  ImpoundNeedsOnScene = 'impound.needs_on_scene',
  ImpoundAlreadyRecorded = 'impound.already_recorded',
  ImpoundNotFound = 'impound.not_found',
  ImpoundYardUnknown = 'impound.yard_unknown',
  ImpoundPhotoNotImage = 'impound.photo_not_image',
  ImpoundPhotoTooLarge = 'impound.photo_too_large',
  ImpoundTooManyPhotos = 'impound.too_many_photos',
  ImpoundRecordInvalid = 'impound.record_invalid',
  ImpoundCustodyEnded = 'impound.custody_ended',
  ImpoundPhotoNotFound = 'impound.photo_not_found',
}

type Params = Record<string, string | number | null | undefined>;

interface ErrorSpec {
  kind: ErrorKind;
  /** English, with `{name}` placeholders filled from the params. */
  en: string;
  /** Values sent in `params` that the English does not name (translations may). */
  also?: readonly string[];
}

/** The one catalogue: kind (HTTP status) and English wording of each code. */
export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, ErrorSpec>> = {
  [ErrorCode.AlertNotFound]: { kind: 'not_found', en: 'alert {id} not found' },
  [ErrorCode.AlertTransitionNotAllowed]: { kind: 'conflict', en: 'alert {id} is {state}; it cannot {attempt}', also: ['action'] },
  [ErrorCode.AlertActionForbidden]: { kind: 'forbidden', en: '{caller} may look at alerts but not act on them' },
  [ErrorCode.TeamConfined]: { kind: 'forbidden', en: "{caller} belongs to team {team} and may not act on team {otherTeam}'s alert" },
  [ErrorCode.TeamConfinedView]: { kind: 'forbidden', en: "{caller} belongs to team {team} and may not see team {otherTeam}'s alert" },
  [ErrorCode.TeamConfinedList]: { kind: 'forbidden', en: "{caller} belongs to team {team} and may not see team {otherTeam}'s alerts" },
  [ErrorCode.TeamConfinedSilence]: { kind: 'forbidden', en: "{caller} belongs to team {team} and may not silence team {otherTeam}'s seal" },
  [ErrorCode.NotLinkedToOfficer]: { kind: 'forbidden', en: '{caller} is not linked to a roster officer; an admin sets officerId on the account' },
  [ErrorCode.ActsAsOwnOfficer]: { kind: 'forbidden', en: '{caller} acts as their own roster officer, not as officer {officerId}' },
  [ErrorCode.NotAssigneeOrLead]: { kind: 'forbidden', en: 'officer {badge} is not the assignee, a team lead of {team} or the command center' },
  [ErrorCode.OfficerNotFound]: { kind: 'not_found', en: 'officer {id} not found' },
  [ErrorCode.SeizureNotFound]: { kind: 'not_found', en: 'seizure {id} not found' },
  [ErrorCode.SeizureNotActiveForSilence]: { kind: 'conflict', en: 'seizure {id} is {status}; there is nothing to silence' },
  [ErrorCode.SeizureAlreadyReleased]: { kind: 'conflict', en: 'seizure {id} was already released at {releasedAt}' },
  [ErrorCode.SeizureExpiredNothingToRelease]: { kind: 'conflict', en: 'seizure {id} expired at {expiresAt}; there is no seal left to release' },
  [ErrorCode.SeizureNotActiveForRenewal]: { kind: 'conflict', en: 'seizure {id} is {status}; only an active seal can be renewed' },
  [ErrorCode.InterceptionUnknown]: { kind: 'invalid', en: 'outcome for unknown interception {interceptionId} of alert {alertId}' },
  [ErrorCode.HitForUnknownSeizure]: { kind: 'invalid', en: 'hit {hitId} names unknown seizure {seizureId}' },
  [ErrorCode.ImpoundNeedsOnScene]: { kind: 'conflict', en: 'alert {id} is {state}; a seizure (扣押) is recorded only while an officer is on scene' },
  [ErrorCode.ImpoundAlreadyRecorded]: { kind: 'conflict', en: 'alert {id} already has its seizure (扣押) record' },
  [ErrorCode.ImpoundNotFound]: { kind: 'not_found', en: 'alert {id} has no seizure (扣押) record' },
  [ErrorCode.ImpoundYardUnknown]: { kind: 'invalid', en: 'yardId {yardId} is not a configured storage yard; known: {known}' },
  [ErrorCode.ImpoundPhotoNotImage]: { kind: 'invalid', en: 'photo {index} ({name}) is not a JPEG or PNG image by its content' },
  [ErrorCode.ImpoundPhotoTooLarge]: { kind: 'invalid', en: 'a photo is larger than {maxBytes} bytes' },
  [ErrorCode.ImpoundTooManyPhotos]: { kind: 'invalid', en: 'at most {max} photos per seizure record' },
  [ErrorCode.ImpoundRecordInvalid]: { kind: 'invalid', en: '{problem}' },
  [ErrorCode.ImpoundCustodyEnded]: { kind: 'conflict', en: 'the car of alert {id} is no longer in custody ({state})' },
  [ErrorCode.ImpoundPhotoNotFound]: { kind: 'not_found', en: 'the seizure record of alert {id} has no photo {n}' },
};

/** Fills `{name}` placeholders; a missing value reads as an empty string. */
export function formatTemplate(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | undefined;
  readonly params: Params;

  constructor(
    readonly code: ErrorCode,
    options: { field?: string; params?: Params } = {},
  ) {
    const spec = ERROR_CATALOGUE[code];
    super(formatTemplate(spec.en, options.params ?? {}));
    this.name = 'DomainError';
    this.kind = spec.kind;
    this.field = options.field;
    this.params = options.params ?? {};
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
