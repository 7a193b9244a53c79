import { listedProblems, type FieldProblem } from './problems';

/**
 * Errors the domain refuses with, by code. The code (and the field it concerns, and the values
 * it names) is what clients act on and what the pages translate (`error.<code>` in the web
 * dictionaries, with the same `{placeholders}`); the English sentence is built from the same
 * template for API clients and logs. The HTTP filter answers a DomainError with the status of
 * its kind and `{ statusCode, error, message: [sentence], code, field?, params }`.
 */

/**
 * `unavailable` (503): the server is not configured for what was asked, or cannot serve it now
 * (`service.overloaded`: its database is busy); the same request can work once it is.
 * `too_large` (413), `unsupported_media` (415) and `rate_limited` (429) are refusals of the request's form;
 * `bad_gateway` (502): a service this one reads from could not be read.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable' | 'too_large' | 'unsupported_media' | 'rate_limited' | 'bad_gateway';

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
  ImpoundLatLonTogether = 'impound.lat_lon_together',
  ImpoundSeizedInFuture = 'impound.seized_in_future',
  ImpoundSeizedBeforeAlert = 'impound.seized_before_alert',
  ImpoundRecordMissing = 'impound.record_missing',
  ImpoundRecordNotJson = 'impound.record_not_json',
  ImpoundRecordNotObject = 'impound.record_not_object',
  ImpoundPhotosForm = 'impound.photos_form',
  ImpoundMultipartInvalid = 'impound.multipart_invalid',
  ImpoundCustodyEnded = 'impound.custody_ended',
  ImpoundPhotoNotFound = 'impound.photo_not_found',
  AccountUsernameTaken = 'account.username_taken',
  SignInNotConfigured = 'account.sign_in_not_configured',
  AccountNotFound = 'account.not_found',
  AccountOfficerNotOnRoster = 'account.officer_not_on_roster',
  AccountTeamNotOfficers = 'account.team_not_officers',
  AccountRolesNeedTeam = 'account.roles_need_team',
  SignInRefused = 'account.sign_in_refused',
  HitNotOnAlert = 'hit.not_on_alert',
  HitNoPicture = 'hit.no_picture',
  DeviceNeedsOfficer = 'device.needs_officer',
  PushNotConfigured = 'device.push_not_configured',
  DeviceEndpointNotAllowed = 'device.endpoint_not_allowed',
  DeviceLimitReached = 'device.limit_reached',
  DeviceNotFound = 'device.not_found',
  DeviceTokenRequired = 'device.token_required',
  DeviceTokenNotRecognised = 'device.token_not_recognised',
  DeviceAlertNotAssigned = 'device.alert_not_assigned',
  PositionNeedsOfficer = 'position.needs_officer',
  PositionAlertClosed = 'position.alert_closed',
  PositionNotAcknowledged = 'position.not_acknowledged',
  PositionInFuture = 'position.in_future',
  PositionTooOld = 'position.too_old',
  PositionTooVague = 'position.too_vague',
  PositionOutOfOrder = 'position.out_of_order',
  PositionImplausible = 'position.implausible',
  HandoffNoteBlank = 'handoff.note_blank',
  HandoffAlertClosed = 'handoff.alert_closed',
  TeamNotFound = 'roster.team_not_found',
  TeamExists = 'roster.team_exists',
  BadgeTaken = 'roster.badge_taken',
  JurisdictionTaken = 'roster.jurisdiction_taken',
  JurisdictionTarget = 'roster.jurisdiction_target',
  JurisdictionNotFound = 'roster.jurisdiction_not_found',
  ShiftNotFound = 'roster.shift_not_found',
  ShiftExists = 'roster.shift_exists',
  RotationNotFound = 'roster.rotation_not_found',
  OverrideNotFound = 'roster.override_not_found',
  OfficerNotInTeam = 'roster.officer_not_in_team',
  EndsBeforeStart = 'roster.ends_before_start',
  SwapNeedsReplaced = 'roster.swap_needs_replaced',
  SealSealedInFuture = 'seal.sealed_in_future',
  SealExpiresBeforeSealed = 'seal.expires_before_sealed',
  SealTermTooLong = 'seal.term_too_long',
  SealAlreadyLapsedAtRegistration = 'seal.lapsed_at_registration',
  RenewalOfLapsedSeal = 'seal.renewal_lapsed',
  RenewalNotLater = 'seal.renewal_not_later',
  RenewalTooLong = 'seal.renewal_too_long',
  CheckpointNotFound = 'checkpoint.not_found',
  CheckpointIdInvalid = 'checkpoint.id_invalid',
  InterceptionNotFound = 'interception.not_found',
  InterceptionAlreadyReported = 'interception.already_reported',
  /** Leadership reports, apps/court-gateway/src/reports. */
  ReportNotStored = 'report.not_stored',
  /** Sign-in, roles and signed webhooks, libs/platform/src/auth (both apps). */
  AuthRequired = 'auth.required',
  ApiKeyNotRecognised = 'auth.api_key_not_recognised',
  SessionInvalid = 'auth.session_invalid',
  RoleNotAllowed = 'auth.role_not_allowed',
  EndpointClosed = 'auth.endpoint_closed',
  WebhookNotConfigured = 'auth.webhook_not_configured',
  SignatureRequired = 'auth.signature_required',
  SignatureInvalid = 'auth.signature_invalid',
  SignatureReplayed = 'auth.signature_replayed',
  ApiKeyRolesNotAllowed = 'api_key.roles_not_allowed',
  ApiKeyNotFound = 'api_key.not_found',
  /** Traffic-adapter's checkpoint registry. */
  CheckpointCameraTaken = 'checkpoint.camera_taken',
  CheckpointCamerasTaken = 'checkpoint.cameras_taken',
  /** A caller whose key or account has no roles at all (the roles list would read "no roles" in English). */
  NoRoles = 'auth.no_roles',
  /** Traffic-adapter's reconciliation: court-gateway's watchlist export could not be read. */
  WatchlistSourceUnreachable = 'watchlist.source_unreachable',
  /** Both apps: the database could not give the request a connection in time (pool exhausted, server refusing); answered 503 with Retry-After. */
  ServiceOverloaded = 'service.overloaded',
  /** Both apps: the database refused a write because its row already exists (a unique key, e.g. written at the same moment by another request) and no use case answered it; 409, never 500. */
  RequestConflict = 'request.conflict',
  /** A request refused for several problems at once (the answer's `errors` lists each with its own code and field). */
  ValidationFailed = 'validation.failed',
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
  [ErrorCode.ImpoundLatLonTogether]: { kind: 'invalid', en: 'lat and lon go together: give both or neither' },
  [ErrorCode.ImpoundSeizedInFuture]: { kind: 'invalid', en: 'seizedAt {seizedAt} is in the future' },
  [ErrorCode.ImpoundSeizedBeforeAlert]: { kind: 'invalid', en: 'seizedAt {seizedAt} is before the alert opened ({openedAt})' },
  [ErrorCode.ImpoundRecordMissing]: { kind: 'invalid', en: 'the form field "record" (the record as JSON) is missing' },
  [ErrorCode.ImpoundRecordNotJson]: { kind: 'invalid', en: 'the form field "record" is not JSON' },
  [ErrorCode.ImpoundRecordNotObject]: { kind: 'invalid', en: 'record must be a JSON object' },
  [ErrorCode.ImpoundPhotosForm]: { kind: 'invalid', en: 'at most {max} files, all in the form field "photos"; the record goes in the field "record"' },
  [ErrorCode.ImpoundMultipartInvalid]: { kind: 'invalid', en: 'multipart body: {detail}' },
  [ErrorCode.ImpoundCustodyEnded]: { kind: 'conflict', en: 'the car of alert {id} is no longer in custody ({state})' },
  [ErrorCode.ImpoundPhotoNotFound]: { kind: 'not_found', en: 'the seizure record of alert {id} has no photo {n}' },
  [ErrorCode.AccountUsernameTaken]: { kind: 'conflict', en: 'username {username} is taken' },
  [ErrorCode.SignInNotConfigured]: { kind: 'unavailable', en: 'people cannot sign in here: AUTH_TOKEN_SECRET is not set' },
  [ErrorCode.AccountNotFound]: { kind: 'not_found', en: 'user {id} not found' },
  [ErrorCode.AccountOfficerNotOnRoster]: { kind: 'invalid', en: 'officerId {officerId} is not on the roster' },
  [ErrorCode.AccountTeamNotOfficers]: { kind: 'invalid', en: 'teamId {teamId} is not the team of officer {badge} ({officerTeam})' },
  [ErrorCode.AccountRolesNeedTeam]: { kind: 'invalid', en: 'roles {roles} need a team: give officerId or teamId' },
  [ErrorCode.SignInRefused]: { kind: 'unauthorized', en: 'username or password wrong, or the account is disabled' },
  [ErrorCode.HitNotOnAlert]: { kind: 'not_found', en: 'alert {id} has no hit {hitId}' },
  [ErrorCode.HitNoPicture]: { kind: 'not_found', en: 'hit {hitId} has no inline picture' },
  [ErrorCode.DeviceNeedsOfficer]: { kind: 'forbidden', en: '{caller} is not linked to a roster officer: only officers receive pushes; an admin sets officerId on the account' },
  [ErrorCode.PushNotConfigured]: { kind: 'unavailable', en: 'Web Push is not configured on this server (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY)' },
  [ErrorCode.DeviceEndpointNotAllowed]: { kind: 'invalid', en: 'subscription.endpoint must be an https URL of an allowed push service (PUSH_ENDPOINT_HOSTS), not {host}' },
  [ErrorCode.DeviceLimitReached]: { kind: 'conflict', en: '{officer} already has {limit} phones enabled for push (PUSH_DEVICES_PER_OFFICER): revoke one first (GET /api/v1/devices, DELETE /api/v1/devices/:id)' },
  [ErrorCode.DeviceNotFound]: { kind: 'not_found', en: 'device {id} not found' },
  [ErrorCode.DeviceTokenRequired]: { kind: 'unauthorized', en: 'device credential required: header X-Device-Token' },
  [ErrorCode.DeviceTokenNotRecognised]: { kind: 'unauthorized', en: 'device credential not recognised, revoked, or its account disabled or relinked: enable push again in the app' },
  [ErrorCode.DeviceAlertNotAssigned]: { kind: 'forbidden', en: 'this device may acknowledge only alerts assigned to its officer; alert {id} is not' },
  [ErrorCode.PositionNeedsOfficer]: { kind: 'forbidden', en: '{caller} is not linked to a roster officer: only officers share their position' },
  [ErrorCode.PositionAlertClosed]: { kind: 'conflict', en: 'alert {id} is {state}: positions are shared only while responding, and were deleted when it closed' },
  [ErrorCode.PositionNotAcknowledged]: { kind: 'conflict', en: 'alert {id} is {state}: acknowledge it before sharing a position' },
  [ErrorCode.PositionInFuture]: { kind: 'invalid', en: 'at {at} is in the future (server time {now})' },
  [ErrorCode.PositionTooOld]: { kind: 'invalid', en: 'at {at} is more than {minutes} minutes old: send a fresh fix' },
  [ErrorCode.PositionTooVague]: { kind: 'invalid', en: 'accuracy {accuracy} m is vaguer than the {max} m accepted (POSITION_MAX_ACCURACY_M): wait for a better fix' },
  [ErrorCode.PositionOutOfOrder]: { kind: 'invalid', en: 'at {at} is before the last fix ({last}): fixes must come in order' },
  [ErrorCode.PositionImplausible]: { kind: 'invalid', en: 'position implausible: {km} km from the last fix in {seconds} s is {kmh} km/h, over the {max} km/h believable (POSITION_MAX_SPEED_KMH)' },
  [ErrorCode.HandoffNoteBlank]: { kind: 'invalid', en: 'note must not be blank' },
  [ErrorCode.HandoffAlertClosed]: { kind: 'conflict', en: 'alert {id} is {state}: a handoff note is for an open alert' },
  [ErrorCode.TeamNotFound]: { kind: 'not_found', en: 'team {id} not found' },
  [ErrorCode.TeamExists]: { kind: 'conflict', en: 'team {id} or a team named {name} exists' },
  [ErrorCode.BadgeTaken]: { kind: 'conflict', en: 'badge {badge} is taken' },
  [ErrorCode.JurisdictionTaken]: { kind: 'conflict', en: '{checkpoint} is already in a jurisdiction' },
  [ErrorCode.JurisdictionTarget]: { kind: 'invalid', en: 'give exactly one of checkpointId and checkpointPrefix' },
  [ErrorCode.JurisdictionNotFound]: { kind: 'not_found', en: 'jurisdiction {id} not found' },
  [ErrorCode.ShiftNotFound]: { kind: 'not_found', en: 'shift {id} not found' },
  [ErrorCode.ShiftExists]: { kind: 'conflict', en: 'officer {badge} already has this shift ({start}-{end} on a weekday in common): shift {id}' },
  [ErrorCode.RotationNotFound]: { kind: 'not_found', en: 'rotation {id} not found' },
  [ErrorCode.OverrideNotFound]: { kind: 'not_found', en: 'override {id} not found' },
  [ErrorCode.OfficerNotInTeam]: { kind: 'invalid', en: 'officerIds: officer {id} is not in team {team}' },
  [ErrorCode.EndsBeforeStart]: { kind: 'invalid', en: 'endsAt must be after startsAt' },
  [ErrorCode.SwapNeedsReplaced]: { kind: 'invalid', en: 'replacesOfficerId is required for a swap' },
  [ErrorCode.SealSealedInFuture]: { kind: 'invalid', en: 'sealedAt must not be in the future' },
  [ErrorCode.SealExpiresBeforeSealed]: { kind: 'invalid', en: 'expiresAt must be after sealedAt' },
  [ErrorCode.SealTermTooLong]: { kind: 'invalid', en: 'expiresAt must be at most {years} years after sealedAt (renew the seal instead)' },
  [ErrorCode.SealAlreadyLapsedAtRegistration]: { kind: 'invalid', en: 'expiresAt is in the past: the seal has already lapsed' },
  [ErrorCode.RenewalOfLapsedSeal]: { kind: 'conflict', en: 'the seal has already lapsed: register a new seal instead of renewing' },
  [ErrorCode.RenewalNotLater]: { kind: 'invalid', en: 'expiresAt must be after the current expiry {currentExpiresAt}' },
  [ErrorCode.RenewalTooLong]: { kind: 'invalid', en: 'expiresAt must be at most {years} years after the renewal ({latest})' },
  [ErrorCode.CheckpointNotFound]: { kind: 'not_found', en: 'checkpoint {id} not found' },
  [ErrorCode.CheckpointIdInvalid]: { kind: 'invalid', en: 'id must be 1-100 letters, digits or . _ : -' },
  [ErrorCode.InterceptionNotFound]: { kind: 'not_found', en: 'interception {id} not found' },
  [ErrorCode.InterceptionAlreadyReported]: { kind: 'conflict', en: 'interception {id} was already reported {result}' },
  [ErrorCode.ReportNotStored]: { kind: 'not_found', en: 'no stored {period} report for {start} and team {team}' },
  [ErrorCode.AuthRequired]: { kind: 'unauthorized', en: 'authentication required: send an API key (header X-Api-Key) or a bearer token (header Authorization)' },
  [ErrorCode.ApiKeyNotRecognised]: { kind: 'unauthorized', en: 'API key not recognised or revoked' },
  [ErrorCode.SessionInvalid]: { kind: 'unauthorized', en: 'session token invalid or expired, or the account is disabled: sign in again' },
  [ErrorCode.RoleNotAllowed]: { kind: 'forbidden', en: '{caller} ({roles}) may not call {action}; it needs one of: {needed}' },
  [ErrorCode.EndpointClosed]: { kind: 'forbidden', en: '{action} declares no roles and is closed to everyone' },
  [ErrorCode.WebhookNotConfigured]: { kind: 'unavailable', en: 'signed webhooks are not configured on this service (TRAFFIC_WEBHOOK_SECRET)' },
  [ErrorCode.SignatureRequired]: { kind: 'unauthorized', en: 'signature required: headers {signatureHeader} and {timestampHeader}' },
  [ErrorCode.SignatureInvalid]: { kind: 'unauthorized', en: '{signatureHeader} does not match the body, or {timestampHeader} is too far from now' },
  [ErrorCode.SignatureReplayed]: { kind: 'unauthorized', en: 'this signed request was already received (replayed)' },
  [ErrorCode.ApiKeyRolesNotAllowed]: { kind: 'invalid', en: 'roles {roles} cannot be given to a key of this service; allowed: {allowed}' },
  [ErrorCode.ApiKeyNotFound]: { kind: 'not_found', en: 'API key {id} not found' },
  [ErrorCode.CheckpointCameraTaken]: { kind: 'conflict', en: 'camera {camera} already belongs to checkpoint {checkpoint}' },
  [ErrorCode.CheckpointCamerasTaken]: { kind: 'conflict', en: 'cameras already belong to other checkpoints: {taken}' },
  [ErrorCode.NoRoles]: { kind: 'forbidden', en: '{caller} (no roles) may not call {action}; it needs one of: {needed}' },
  [ErrorCode.WatchlistSourceUnreachable]: { kind: 'bad_gateway', en: '{reason}' },
  [ErrorCode.ServiceOverloaded]: { kind: 'unavailable', en: 'the database is busy; try again in {retryAfter} s' },
  [ErrorCode.RequestConflict]: { kind: 'conflict', en: '{table} already has a row with this {key} (written meanwhile, perhaps by a request at the same moment)', also: ['constraint'] },
  [ErrorCode.ValidationFailed]: { kind: 'invalid', en: 'the request has {count} problems' },
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

/**
 * A request refused for what is wrong with its form (validation, the body's shape, path and
 * query parameters, a batch): one problem or several, each with its field, code and English. The
 * HTTP filter answers `{ statusCode, error, message: [each English], code, field, params, errors }`
 * where `code` is the one problem's code (or `validation.failed` for several) and `field` the first
 * problem's field.
 */
export class RequestProblems extends Error {
  constructor(
    readonly problems: FieldProblem[],
    readonly kind: ErrorKind = 'invalid',
  ) {
    // The first MAX_LISTED_PROBLEMS, as the answer lists them: a body with thousands of wrong fields makes no megabyte message.
    super(listedProblems(problems).map((p) => p.message).join('; '));
    this.name = 'RequestProblems';
  }

  get code(): string {
    return this.problems.length === 1 ? this.problems[0].code : ErrorCode.ValidationFailed;
  }
}

/** One problem of a request, by its code; `field` is also sent among the params, for the translations. */
export function problem(code: string, field: string, message: string, params: Record<string, string | number> = {}): FieldProblem {
  return { field, code, message, params: { field, ...params } };
}

/** A request refused for one problem. */
export function refuseRequest(code: string, field: string, message: string, params: Record<string, string | number> = {}, kind: ErrorKind = 'invalid'): RequestProblems {
  return new RequestProblems([problem(code, field, message, params)], kind);
}
