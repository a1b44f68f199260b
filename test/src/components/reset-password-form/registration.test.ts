// What importing only the reset form's module defines (issue 13): <reset-password-form>, and <login-box>
// only once the "request a new link" view needs it. This file must not import the package entry or the
// shared helpers (both register <login-box>); an empty ticket shows the bad-link view without a request.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../../src/components/reset-password-form/reset-password-form.js';

describe('importing only reset-password-form', () => {
  it('defines <reset-password-form> and not <login-box>, which is defined when a new link is requested', async () => {
    expect(customElements.get('reset-password-form')).to.not.equal(undefined);
    expect(customElements.get('login-box'), 'importing the form alone defines no <login-box>').to.equal(undefined);
    const el = await fixture(html`<reset-password-form></reset-password-form>`);
    await waitUntil(() => el.querySelector('button.lb-link'), 'the bad-link view never showed');
    el.querySelector<HTMLButtonElement>('button.lb-link')!.click();
    await waitUntil(() => customElements.get('login-box'), '<login-box> was never loaded');
    await waitUntil(() => el.querySelector('login-box input[type="email"]'), 'the forgot-password view never rendered');
  });
});
