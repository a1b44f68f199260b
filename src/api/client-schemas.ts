/**
 * The part of the contract the browser client uses. The client imports it lazily, and this module
 * is what makes that chunk small: through a namespace import the bundler would have to keep every
 * schema of contract.ts (the Management API's too); through these named re-exports it keeps these.
 */
export {
  ChangePasswordRequest, GRANT_PASSWORD_REALM, LegacyError, OAuthError, PasswordGrantRequest, ResetPasswordRequest,
  ResetPasswordResponse, TicketInfoRequest, TicketInfoResponse, TokenResponse,
} from './contract.js';
