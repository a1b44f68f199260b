/**
 * What only the reset form needs on top of the shared sheet (form.styles.ts): no second padding
 * around the forgot-password view shown in place of a bad link, nor around the form itself when
 * the box's code step shows it inside the box. The checklist brings its own
 * rules (policy-checklist.ts).
 */
import { css } from 'lit';

export const resetPasswordFormStyles = css`
  :where(reset-password-form login-box, login-box reset-password-form) { padding: 0; background: none; }
`;
