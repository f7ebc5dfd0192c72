import type { ErrorCode, Locale } from '@casebook/contracts';

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  otp_required: 401,
  invalid_otp: 401,
  rate_limited: 429,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  invalid_role: 422,
  invitation_invalid: 410,
  mfa_not_enrolled: 409,
  mfa_already_enrolled: 409,
  job_not_dead: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  service_unavailable: 503,
  internal_error: 500,
};

type Messages = Record<ErrorCode, string>;

/** What each error tells a person, in their language. `{name}` placeholders come from `params`. */
const messages: Record<Locale, Messages> = {
  en: {
    validation_failed: 'Some fields are missing or invalid. Correct them and try again.',
    unauthenticated: 'Sign in to continue.',
    invalid_credentials: 'The email address or password is not correct.',
    otp_required: 'Enter the six-digit code from your authenticator app.',
    invalid_otp: 'That code is not correct or has expired. Enter the current code from your authenticator app.',
    rate_limited: 'Too many attempts. Wait a minute, then try again.',
    csrf_failed: 'This request could not be verified. Reload the page and try again.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'We could not find that.',
    conflict: 'This conflicts with the current state. Reload and try again.',
    email_taken: 'A user with this email address already exists.',
    invalid_role: 'The role {role} cannot be given to a user of a {kind} organisation.',
    invitation_invalid: 'This invitation link is no longer valid. Ask your administrator for a new one.',
    mfa_not_enrolled: 'Start the authenticator set-up first.',
    mfa_already_enrolled: 'An authenticator is already enrolled for this account.',
    job_not_dead: 'Only a job that has failed for good can be retried.',
    payload_too_large: 'The request is too large.',
    unsupported_media_type: 'This content type is not accepted here.',
    service_unavailable: 'Casebook is unavailable for a moment. Try again shortly.',
    internal_error: 'Something went wrong on our side. Try again; if it persists, quote request {requestId}.',
  },
  fr: {
    validation_failed: 'Certains champs sont manquants ou invalides. Corrigez-les puis réessayez.',
    unauthenticated: 'Connectez-vous pour continuer.',
    invalid_credentials: "L'adresse e-mail ou le mot de passe est incorrect.",
    otp_required: 'Saisissez le code à six chiffres de votre application d’authentification.',
    invalid_otp: 'Ce code est incorrect ou a expiré. Saisissez le code actuel de votre application d’authentification.',
    rate_limited: 'Trop de tentatives. Patientez une minute puis réessayez.',
    csrf_failed: "Cette requête n'a pas pu être vérifiée. Rechargez la page puis réessayez.",
    forbidden: "Vous n'êtes pas autorisé à effectuer cette action.",
    not_found: 'Élément introuvable.',
    conflict: "Cette action est en conflit avec l'état actuel. Rechargez puis réessayez.",
    email_taken: 'Un utilisateur avec cette adresse e-mail existe déjà.',
    invalid_role: "Le rôle {role} ne peut pas être attribué à un utilisateur d'une organisation de type {kind}.",
    invitation_invalid: "Ce lien d'invitation n'est plus valide. Demandez-en un nouveau à votre administrateur.",
    mfa_not_enrolled: "Commencez d'abord la configuration de l'authentificateur.",
    mfa_already_enrolled: 'Un authentificateur est déjà enregistré pour ce compte.',
    job_not_dead: "Seule une tâche en échec définitif peut être relancée.",
    payload_too_large: 'La requête est trop volumineuse.',
    unsupported_media_type: "Ce type de contenu n'est pas accepté ici.",
    service_unavailable: 'Casebook est momentanément indisponible. Réessayez dans un instant.',
    internal_error: 'Une erreur est survenue de notre côté. Réessayez ; si elle persiste, indiquez la requête {requestId}.',
  },
};

export function errorStatus(code: ErrorCode): number {
  return statusOf[code];
}

export function errorMessage(code: ErrorCode, locale: Locale, params: Record<string, string> = {}): string {
  return messages[locale][code].replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? `{${key}}`);
}

/**
 * The one error type of Casebook. Services throw it with a stable code; the HTTP error handler
 * turns it into problem+json in the caller's language.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string> = {},
    readonly extra: { errors?: { path: string; message: string }[]; headers?: Record<string, string> } = {},
  ) {
    super(errorMessage(code, 'en', params));
    this.status = statusOf[code];
  }
}
