/**
 * One user: their details and, at the bottom, the Danger Zone — the red Change Password box
 * (CHANGE opens a dialog with the connection's policy checked live; Save sets the password through
 * the Management API), sending a reset email, requiring a reset (forced reset), and generating a reset ticket to copy. Users of
 * social and enterprise connections get the reason instead: their password is not ours to change.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ManagementConnection, ManagementUser } from '../../src/api/contract.js';
import type { PasswordPolicy } from '../../src/password-policy.js';
import type { ManagementClient } from './api.js';
import { liveRules, policyOf, type DashboardRule } from './policy.js';

@customElement('dashboard-user')
export class DashboardUser extends LitElement {
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('#new-password') private passwordInput!: HTMLInputElement;

  @state() private user: ManagementUser | undefined;
  @state() private connection: ManagementConnection | undefined;
  @state() private loadError = '';
  @state() private newPassword = '';
  @state() private saving = false;
  @state() private dialogError = '';
  /** The outcome of the last Danger Zone action, announced in a live region. */
  @state() private outcome: { kind: 'status' | 'error'; text: string } | undefined;
  @state() private ticketUrl = '';

  /** Management API client holding the admin's token. */
  @property({ attribute: false }) client!: ManagementClient;
  /** The Auth0 user id, e.g. `auth0|…`. */
  @property({ attribute: false }) userId = '';

  override createRenderRoot() {
    return this;
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('userId')) void this.load();
  }

  private async load() {
    this.user = undefined;
    const result = await this.client.user(this.userId);
    if (!result.ok) {
      this.loadError = result.message;
      return;
    }
    const connection = await this.client.connection(result.data.identities[0]?.connection ?? '');
    this.connection = connection.ok ? connection.data : undefined;
    this.user = result.data;
    await this.updateComplete;
    this.querySelector<HTMLElement>('h2')?.focus();
  }

  private handleChangeClick() {
    this.newPassword = '';
    this.dialogError = '';
    this.passwordInput.value = '';
    this.dialog.showModal();
  }

  private handlePasswordInput(event: InputEvent) {
    this.newPassword = (event.target as HTMLInputElement).value;
    this.dialogError = '';
  }

  private handleCancelClick() {
    this.dialog.close();
  }

  private async handleDialogSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (!this.user || !this.connection) return;
    this.saving = true;
    const result = await this.client.setPassword(this.user.user_id, this.newPassword, this.connection.name);
    this.saving = false;
    if (!result.ok) {
      this.dialogError = result.message;
      return;
    }
    this.user = result.data;
    this.dialog.close();
    this.outcome = { kind: 'status', text: `Password changed. ${this.user.email} is signed out everywhere and their reset links no longer work.` };
  }

  private async handleSendResetClick() {
    if (!this.user || !this.connection) return;
    const result = await this.client.sendResetEmail(this.user.email, this.connection.name);
    this.outcome = result.ok
      ? { kind: 'status', text: `A password reset email is on its way to ${this.user.email}. Earlier links and tickets no longer work.` }
      : { kind: 'error', text: result.message };
  }

  private async handleRequireResetClick() {
    if (!this.user) return;
    const result = await this.client.requirePasswordReset(this.user.user_id);
    this.outcome = result.ok
      ? { kind: 'status', text: `${this.user.email} is signed out everywhere and cannot sign in with their password until they reset it. A reset email is on its way.` }
      : { kind: 'error', text: result.message };
  }

  private async handleTicketClick() {
    if (!this.user) return;
    const result = await this.client.createTicket(this.user.user_id);
    if (result.ok) {
      this.ticketUrl = result.data.ticket;
      this.outcome = { kind: 'status', text: 'Reset ticket created. Earlier links and tickets no longer work.' };
    } else {
      this.outcome = { kind: 'error', text: result.message };
    }
  }

  private async handleCopyClick() {
    const field = this.querySelector<HTMLInputElement>('#ticket-url')!;
    field.select();
    try {
      await navigator.clipboard.writeText(this.ticketUrl);
      this.outcome = { kind: 'status', text: 'Ticket URL copied.' };
    } catch {
      this.outcome = { kind: 'status', text: 'Copying is blocked here: the URL is selected, press Ctrl+C.' };
    }
  }

  override render() {
    if (this.loadError) return html`<p><a href="#/">Back to users</a></p><p class="error" role="alert">${this.loadError}</p>`;
    if (!this.user) return html`<p role="status">Loading…</p>`;
    const user = this.user;
    const identity = user.identities[0];
    return html`
      <p><a href="#/">Back to users</a></p>
      <h2 tabindex="-1">${user.name}</h2>
      <dl>
        <dt>Email</dt><dd>${user.email}</dd>
        <dt>User ID</dt><dd>${user.user_id}</dd>
        <dt>Connection</dt><dd>${identity?.connection} (${identity?.provider})</dd>
        <dt>Email verified</dt><dd>${user.email_verified ? 'Yes' : 'No'}</dd>
        <dt>Last password reset</dt><dd>${user.last_password_reset ? new Date(user.last_password_reset).toLocaleString() : 'Never'}</dd>
      </dl>
      <section class="danger-zone" aria-labelledby="danger-zone">
        <h2 id="danger-zone">Danger Zone</h2>
        ${identity?.provider === 'auth0' && this.connection?.strategy === 'auth0' ? this.renderPasswordActions(this.connection) : this.renderNoPassword(user)}
        <p class=${this.outcome?.kind ?? 'status'} role="status">${this.outcome?.text ?? ''}</p>
      </section>
      ${this.connection?.strategy === 'auth0' ? this.renderDialog(policyOf(this.connection), user) : nothing}
    `;
  }

  private renderNoPassword(user: ManagementUser) {
    const identity = user.identities[0];
    return html`<div class="danger-box">
      <p>${user.email} signs in with ${identity?.isSocial ? 'the social' : 'the enterprise'} connection
        <strong>${identity?.connection}</strong>. Their password is kept by that identity provider, not here:
        it cannot be changed, reset or ticketed from this dashboard. They change it with the provider.</p>
    </div>`;
  }

  private renderPasswordActions(connection: ManagementConnection) {
    return html`
      <div class="danger-box primary">
        <div>
          <h3>Change Password</h3>
          <p>Set a new password for this user (connection ${connection.name}). They are not notified; all their sessions end.</p>
        </div>
        <button type="button" class="danger" @click=${this.handleChangeClick}>CHANGE</button>
      </div>
      <div class="danger-box">
        <div>
          <h3>Send password reset email</h3>
          <p>Mail the user a link to choose a new password themselves.</p>
        </div>
        <button type="button" class="danger" @click=${this.handleSendResetClick}>SEND</button>
      </div>
      <div class="danger-box">
        <div>
          <h3>Require password reset</h3>
          <p>For a password you think is compromised: end all their sessions, refuse sign-in with it, and mail them a reset link. Setting a new password lifts it.</p>
        </div>
        <button type="button" class="danger" @click=${this.handleRequireResetClick}>REQUIRE</button>
      </div>
      <div class="danger-box">
        <div>
          <h3>Generate reset ticket</h3>
          <p>A reset link for you to hand over. Whoever holds it can set the password: verify the user's identity first.</p>
        </div>
        <button type="button" class="danger" @click=${this.handleTicketClick}>GENERATE</button>
        ${this.ticketUrl ? html`<div class="ticket">
          <label class="visually-hidden" for="ticket-url">Reset ticket URL</label>
          <input id="ticket-url" readonly .value=${this.ticketUrl}>
          <button type="button" class="secondary" @click=${this.handleCopyClick}>Copy</button>
        </div>` : nothing}
      </div>
    `;
  }

  private renderDialog(policy: PasswordPolicy, user: ManagementUser) {
    const live = liveRules(policy, this.newPassword, user);
    return html`<dialog aria-labelledby="change-password-title">
      <form class="stacked" @submit=${this.handleDialogSubmit}>
        <h2 id="change-password-title">Change password of ${user.email}</h2>
        <label for="new-password">New password</label>
        <input id="new-password" type="password" autocomplete="new-password" required aria-describedby="password-rules" @input=${this.handlePasswordInput}>
        <div id="password-rules">
          <p>The password must meet the ${policy.level} policy:</p>
          <ul class="rules">${live.rules.map((rule) => this.renderRule(rule))}</ul>
        </div>
        <p class="error" role="alert">${this.dialogError}</p>
        <div class="actions">
          <button type="button" class="secondary" @click=${this.handleCancelClick}>Cancel</button>
          <button type="submit" ?disabled=${!live.verified || this.saving}>Save</button>
        </div>
      </form>
    </dialog>`;
  }

  private renderRule(rule: DashboardRule): unknown {
    return html`<li class=${rule.verified ? 'ok' : ''}>
      ${rule.text}<span class="visually-hidden">${rule.verified ? ' (met)' : ' (not met)'}</span>
      ${rule.items.length ? html`<ul>${rule.items.map((item) => this.renderRule(item))}</ul>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'dashboard-user': DashboardUser }
}
