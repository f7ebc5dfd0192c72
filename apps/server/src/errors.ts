import type { ErrorCode, Locale } from '@casebook/contracts';

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
    email_unavailable: 'This email address cannot be given to a new user. Check it, or use another address.',
    password_incorrect: 'Your current password is not right. Type it again; if you forgot it, sign out and use "Forgot password?".',
    invalid_role: 'The role {role} cannot be given to a user of a {kind} organisation.',
    invitation_invalid: 'This invitation link is no longer valid. Ask your administrator for a new one.',
    mfa_not_enrolled: 'Start the authenticator set-up first.',
    mfa_already_enrolled: 'An authenticator is already enrolled for this account.',
    job_not_dead: 'Only a job that has failed for good can be retried.',
    payload_too_large: 'The request is too large.',
    too_large: 'This file is larger than the {limit} allowed. Compress it, or use the diagnostic collector for large bundles.',
    not_entitled: '{organization} has no active maintenance contract, so no new case can be opened. To renew, contact your account manager or call support on {phone} ({email}).',
    priority_locked:
      'The priority of a case cannot be changed after it is submitted. If production impact has grown, use "Raise priority" to open a linked case with the higher priority, or call the hotline on {phone}.',
    not_higher: 'Choose a priority higher than the current one ({current}).',
    invalid_transition: 'A case that is {from} cannot become {to}.',
    reason_required: 'Give a reason for this change; it is kept in the audit log.',
    case_closed: 'This case is closed. Open a new case and mention {number} in it.',
    maintenance_lapsed:
      'The maintenance contract of {organization} lapsed on {since}, so support is suspended and open cases are on hold. To renew, contact {contact}. Access returns as soon as payment is recorded.',
    lapse_override_required:
      'The maintenance contract of {organization} lapsed on {since}. To open a case anyway, confirm the override and give a reason; it is audited. Renewal: {contact}.',
    not_delegated: 'This customer has not delegated its cases to your organisation. Ask the customer’s administrator to add you as their partner.',
    unsupported_media_type: 'This content type is not accepted here.',
    link_invalid: 'This link is no longer valid: it has been used already or has expired.',
    service_unavailable: 'Casebook is unavailable for a moment. Try again shortly.',
    internal_error: 'Something went wrong on our side. Try again; if it persists, quote request {requestId}.',
    not_a_recipient: 'This bundle is not encrypted to the vendor’s support key, so support cannot open it. Ask the customer to share it with the vendor, or ask the partner it was made for.',
    not_encrypted: 'This file is not an age-encrypted bundle. Support stores no plaintext: encrypt it with the collector (or age) to the recipient from /api/v1/diagnostics/recipient, then upload it again.',
    checksum_mismatch: 'The uploaded file does not match the SHA-256 announced for it ({expected}), so it was discarded. Upload it again.',
    bundle_unavailable: 'This bundle is {status}: its file is no longer kept.',
  },
  fr: {
    validation_failed: 'Certains champs sont manquants ou invalides. Corrigez-les puis réessayez.',
    unauthenticated: 'Connectez-vous pour continuer.',
    invalid_credentials: "L’adresse e-mail ou le mot de passe est incorrect.",
    otp_required: 'Saisissez le code à six chiffres de votre application d’authentification.',
    invalid_otp: 'Ce code est incorrect ou a expiré. Saisissez le code actuel de votre application d’authentification.',
    rate_limited: 'Trop de tentatives. Patientez une minute puis réessayez.',
    csrf_failed: "Cette requête n’a pas pu être vérifiée. Rechargez la page puis réessayez.",
    forbidden: "Vous n’êtes pas autorisé à effectuer cette action.",
    not_found: 'Élément introuvable.',
    conflict: "Cette action est en conflit avec l’état actuel. Rechargez puis réessayez.",
    email_taken: 'Un utilisateur avec cette adresse e-mail existe déjà.',
    email_unavailable: 'Cette adresse e-mail ne peut pas être attribuée à un nouvel utilisateur. Vérifiez-la ou utilisez une autre adresse.',
    password_incorrect: 'Votre mot de passe actuel est incorrect. Saisissez-le à nouveau ; si vous l’avez oublié, déconnectez-vous et utilisez « Mot de passe oublié ? ».',
    invalid_role: "Le rôle {role} ne peut pas être attribué à un utilisateur d’une organisation de type {kind}.",
    invitation_invalid: "Ce lien d’invitation n’est plus valide. Demandez-en un nouveau à votre administrateur.",
    mfa_not_enrolled: "Commencez d’abord la configuration de l’authentificateur.",
    mfa_already_enrolled: 'Un authentificateur est déjà enregistré pour ce compte.',
    job_not_dead: "Seule une tâche en échec définitif peut être relancée.",
    payload_too_large: 'La requête est trop volumineuse.',
    too_large: 'Ce fichier dépasse la taille autorisée ({limit}). Compressez-le, ou utilisez le collecteur de diagnostics pour les gros volumes.',
    not_entitled:
      "{organization} n’a pas de contrat de maintenance actif : aucun nouveau cas ne peut être ouvert. Pour le renouveler, contactez votre responsable de compte ou appelez le support au {phone} ({email}).",
    priority_locked:
      "La priorité d’un cas n’est pas modifiable une fois le cas soumis. Si l’impact sur la production s’est aggravé, utilisez « Relever la priorité » pour ouvrir un cas lié de priorité plus élevée, ou appelez la ligne directe de la permanence téléphonique au {phone}.",
    not_higher: 'Choisissez une priorité plus élevée que la priorité actuelle ({current}).',
    invalid_transition: 'Un cas à l’état {from} ne peut pas passer à l’état {to}.',
    reason_required: 'Indiquez la raison de ce changement ; elle est conservée dans le journal d’audit.',
    case_closed: 'Ce cas est clos. Ouvrez un nouveau cas en mentionnant {number}.',
    maintenance_lapsed:
      "Le contrat de maintenance de {organization} a expiré le {since} : l’assistance est suspendue et les cas ouverts sont en attente. Pour le renouveler, contactez {contact}. L’accès reprend dès que le paiement est enregistré.",
    lapse_override_required:
      'Le contrat de maintenance de {organization} a expiré le {since}. Pour ouvrir un cas malgré tout, confirmez la dérogation et indiquez une raison ; elle est journalisée. Renouvellement : {contact}.',
    not_delegated: "Ce client n’a pas délégué ses cas à votre organisation. Demandez à son administrateur de vous ajouter comme partenaire.",
    unsupported_media_type: "Ce type de contenu n’est pas accepté ici.",
    link_invalid: 'Ce lien n’est plus valide : il a déjà servi ou a expiré.',
    service_unavailable: 'Casebook est momentanément indisponible. Réessayez dans un instant.',
    internal_error: 'Une erreur est survenue de notre côté. Réessayez ; si elle persiste, indiquez la requête {requestId}.',
    not_a_recipient: "Ce lot n'est pas chiffré pour la clé du support de l'éditeur : le support ne peut pas l'ouvrir. Demandez au client de le partager avec l'éditeur, ou adressez-vous au partenaire destinataire.",
    not_encrypted: "Ce fichier n'est pas un lot chiffré avec age. Le support ne conserve aucun fichier en clair : chiffrez-le avec le collecteur (ou age) pour le destinataire donné par /api/v1/diagnostics/recipient, puis envoyez-le de nouveau.",
    checksum_mismatch: "Le fichier reçu ne correspond pas à l'empreinte SHA-256 annoncée ({expected}) : il a été supprimé. Envoyez-le de nouveau.",
    bundle_unavailable: "Ce lot est à l'état {status} : son fichier n'est plus conservé.",
  },
};

export function errorMessage(code: ErrorCode, locale: Locale, params: Record<string, string> = {}): string {
  return messages[locale][code].replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? `{${key}}`);
}

/**
 * The one error type of Casebook. Services throw it with a stable code and what the message needs;
 * it knows nothing of HTTP: the error handler (http/error-handler.ts) chooses the status for the
 * code and turns it into problem+json in the caller's language.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string> = {},
    readonly extra: { errors?: { path: string; message: string }[] } = {},
  ) {
    super(errorMessage(code, 'en', params));
  }
}
