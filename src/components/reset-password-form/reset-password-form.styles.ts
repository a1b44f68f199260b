/**
 * What only the reset form needs on top of the shared sheet (form.styles.ts): the policy
 * checklist, and no second padding around the forgot-password view shown in place of a bad link.
 * The state of a rule is drawn by a glyph and also read out by a hidden word, so neither colour
 * nor the glyph alone carries it; the glyph has empty alt text (`/ ''`).
 */
import { css } from 'lit';

export const resetPasswordFormStyles = css`
  :where(reset-password-form) {
    --_success: var(--login-box-success, #116329);
  }
  @media (prefers-color-scheme: dark) {
    :where(reset-password-form) { --_success: var(--login-box-success, #7ee2a8); }
  }
  :where(reset-password-form) :where(.lb-rules p) { margin: 0 0 0.25rem; font-weight: 600; }
  :where(reset-password-form) :where(.lb-rules ul) { margin: 0; padding-inline-start: 0; list-style: none; }
  :where(reset-password-form) :where(.lb-rules ul ul) { padding-inline-start: 1.5rem; }
  :where(reset-password-form) :where(.lb-rules li) { color: var(--_muted); }
  :where(reset-password-form) :where(.lb-rules li)::before { content: '○' / ''; display: inline-block; inline-size: 1.5rem; }
  :where(reset-password-form) :where(.lb-rules li[data-state='met']) { color: var(--_success); }
  :where(reset-password-form) :where(.lb-rules li[data-state='met'])::before { content: '✓' / ''; }
  :where(reset-password-form) :where(.lb-rules li[data-state='unmet'])::before { content: '✗' / ''; }
  :where(reset-password-form) :where(form .lb-error:empty) { display: none; }
  :where(reset-password-form) :where(login-box) { padding: 0; background: none; }
`;
