/**
 * The sheet both components share (one theme for the package). Every selector sits inside
 * `:where()`, so it has zero specificity and any rule of the host page wins. Theming goes through
 * `--login-box-*` custom properties; the private `--_*` copies hold the light and dark defaults.
 * Logical properties only, so `dir="rtl"` mirrors the layout. Every control is at least 24×24 CSS
 * px (WCAG 2.2 target size) and inputs at least 16 px (no zoom on focus in iOS Safari); long words
 * wrap, so the box fits 320 px (and 200 % zoom). Windows high contrast (forced colours) keeps the
 * buttons' edges and the links' colour; with reduced motion nothing moves, not even a host page's
 * transitions on our controls.
 */
import { css } from 'lit';

export const formStyles = css`
  :where(login-box, reset-password-form) {
    --_accent: var(--login-box-accent, #1f5fd1);
    --_on-accent: var(--login-box-on-accent, #fff);
    --_text: var(--login-box-text, #1b1f24);
    --_muted: var(--login-box-muted, #57606a);
    --_surface: var(--login-box-surface, #fff);
    --_field: var(--login-box-field, #fff);
    --_border: var(--login-box-border, #6e7781);
    --_error: var(--login-box-error, #b3261e);
    --_radius: var(--login-box-radius, 0.5rem);
    --_gap: var(--login-box-gap, 1rem);
    display: block;
    box-sizing: border-box;
    max-inline-size: var(--login-box-width, 24rem);
    padding: var(--login-box-padding, 1.5rem);
    color: var(--_text);
    background: var(--_surface);
    border-radius: var(--_radius);
    font-family: var(--login-box-font, inherit);
    line-height: 1.4;
    overflow-wrap: anywhere;
  }
  @media (prefers-color-scheme: dark) {
    :where(login-box, reset-password-form) {
      --_accent: var(--login-box-accent, #8ab4f8);
      --_on-accent: var(--login-box-on-accent, #0b1b33);
      --_text: var(--login-box-text, #e6edf3);
      --_muted: var(--login-box-muted, #9da7b3);
      --_surface: var(--login-box-surface, #161b22);
      --_field: var(--login-box-field, #0d1117);
      --_border: var(--login-box-border, #8b949e);
      --_error: var(--login-box-error, #ffb4ab);
    }
  }
  :where(login-box, reset-password-form) :where(*, ::before, ::after) { box-sizing: inherit; }
  :where(login-box, reset-password-form) :where(h2) { margin: 0 0 var(--_gap); font-size: 1.375rem; }
  :where(login-box, reset-password-form) :where(p) { margin: 0 0 var(--_gap); }
  :where(login-box, reset-password-form) :where(form) { display: grid; gap: var(--_gap); }
  :where(login-box, reset-password-form) :where(label) { display: block; margin-block-end: 0.25rem; font-weight: 600; }
  :where(login-box, reset-password-form) :where(input) {
    inline-size: 100%;
    min-inline-size: 0;
    padding: 0.625rem 0.75rem;
    font: inherit;
    font-size: max(16px, 1em);
    color: inherit;
    background: var(--_field);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  /* The show/hide button sits inside the field, at its end. */
  :where(login-box, reset-password-form) :where(.lb-password) { display: grid; align-items: center; }
  :where(login-box, reset-password-form) :where(.lb-password > *) { grid-area: 1 / 1; }
  :where(login-box, reset-password-form) :where(.lb-password input) { padding-inline-end: 3rem; }
  :where(login-box, reset-password-form) :where(button) { font: inherit; cursor: pointer; }
  :where(login-box, reset-password-form) :where(.lb-toggle) {
    justify-self: end;
    display: grid;
    place-items: center;
    inline-size: 2.5rem;
    block-size: 2.5rem;
    margin-inline-end: 2px;
    padding: 0;
    color: var(--_text);
    background: none;
    border: 0;
    border-radius: calc(var(--_radius) / 2);
  }
  :where(login-box, reset-password-form) :where(.lb-toggle svg) { inline-size: 1.5rem; fill: none; stroke: currentColor; stroke-width: 2; }
  :where(login-box, reset-password-form) :where(.lb-submit) {
    padding: 0.75rem 1rem;
    font-weight: 600;
    color: var(--_on-accent);
    background: var(--_accent);
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) / 2);
  }
  :where(login-box, reset-password-form) :where(.lb-submit:disabled) { cursor: not-allowed; opacity: 0.7; }
  :where(login-box, reset-password-form) :where(.lb-link) {
    justify-self: start;
    display: inline-block;
    min-block-size: 24px;
    padding: 0;
    text-align: start;
    color: var(--_accent);
    background: none;
    border: 0;
    text-decoration: underline;
  }
  :where(login-box, reset-password-form) :where(:focus-visible) { outline: 2px solid var(--_accent); outline-offset: 2px; }
  :where(login-box, reset-password-form) :where(.lb-hint) { color: var(--_muted); }
  :where(login-box, reset-password-form) :where(.lb-error, .lb-notice) { margin: 0; }
  :where(login-box, reset-password-form) :where(.lb-error, .lb-field-error) { color: var(--_error); font-weight: 600; }
  :where(login-box, reset-password-form) :where(.lb-field-error) { margin: 0.25rem 0 0; }
  :where(login-box, reset-password-form) :where(.lb-error:not(:empty), .lb-notice:not(:empty)) { margin-block-start: var(--_gap); }
  :where(login-box, reset-password-form) :where(.lb-sr) {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    :where(login-box, reset-password-form) :where(.lb-link) { color: LinkText; }
    :where(login-box, reset-password-form) :where(.lb-submit:disabled) { color: GrayText; border-color: GrayText; }
  }
  @media (prefers-reduced-motion: reduce) {
    :where(login-box, reset-password-form) :where(*, ::before, ::after) { transition: none !important; animation: none !important; }
  }
`;
