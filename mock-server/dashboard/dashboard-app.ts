/**
 * The admin dashboard's shell: the admin signs in, then browses users (`#/`) and opens one
 * (`#/users/<id>`). Light DOM, so the sign-in fields are a normal form to password managers.
 * The Management token lives only in this element; a reload means signing in again.
 *
 * @summary Tenant admin dashboard: users, and the Danger Zone to change a password.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ManagementUsersPage } from '../../src/api/contract.js';
import { signIn, type ManagementClient } from './api.js';
import './user-page.js';

type Route = { name: 'users' } | { name: 'user'; id: string };

const routeOf = (hash: string): Route => {
  const match = /^#\/users\/(.+)$/.exec(hash);
  return match ? { name: 'user', id: decodeURIComponent(match[1]!) } : { name: 'users' };
};

@customElement('dashboard-app')
export class DashboardApp extends LitElement {
  @state() private client: ManagementClient | undefined;
  @state() private route: Route = routeOf(location.hash);
  @state() private status: 'idle' | 'busy' | 'error' = 'idle';
  @state() private error = '';
  @state() private query = '';
  @state() private page: ManagementUsersPage | undefined;

  /** The tenant's display name, shown in the header. */
  @property() tenant = '';

  private readonly handleHashChange = () => {
    this.route = routeOf(location.hash);
  };

  override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    addEventListener('hashchange', this.handleHashChange);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.handleHashChange);
  }

  override updated(changed: Map<string, unknown>) {
    // A new view starts at its heading, so keyboard and screen-reader users know where they are.
    if (changed.has('route') || (changed.has('client') && this.client)) this.querySelector<HTMLElement>('h2[tabindex="-1"]')?.focus();
  }

  private async handleSignInSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.status = 'busy';
    const result = await signIn(String(data.get('email')), String(data.get('password')));
    if (!result.ok) {
      this.status = 'error';
      this.error = result.message;
      return;
    }
    this.status = 'idle';
    this.client = result.data;
    await this.loadUsers();
  }

  private async handleSearchSubmit(event: SubmitEvent) {
    event.preventDefault();
    this.query = String(new FormData(event.target as HTMLFormElement).get('q') ?? '');
    await this.loadUsers();
  }

  private handleSignOutClick() {
    this.client = undefined;
    this.page = undefined;
    location.hash = '';
  }

  private async loadUsers() {
    if (!this.client) return;
    this.status = 'busy';
    const result = await this.client.searchUsers(this.query);
    this.status = result.ok ? 'idle' : 'error';
    if (result.ok) this.page = result.data;
    else this.error = result.message;
  }

  override render() {
    return html`
      <header>
        <h1>${this.tenant} · Dashboard</h1>
        ${this.client ? html`<button type="button" class="secondary" @click=${this.handleSignOutClick}>Sign out</button>` : nothing}
      </header>
      <main>${this.client ? this.renderSignedIn(this.client) : this.renderSignIn()}</main>
    `;
  }

  private renderSignIn() {
    return html`
      <h2>Sign in</h2>
      <p>For tenant administrators. App users cannot sign in here.</p>
      <form class="stacked" @submit=${this.handleSignInSubmit}>
        <label>Email <input name="email" type="email" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit" ?disabled=${this.status === 'busy'}>Sign in</button>
        <p class="error" role="alert">${this.status === 'error' ? this.error : ''}</p>
      </form>
    `;
  }

  private renderSignedIn(client: ManagementClient) {
    if (this.route.name === 'user') return html`<dashboard-user .client=${client} .userId=${this.route.id}></dashboard-user>`;
    return html`
      <h2 tabindex="-1">Users</h2>
      <form class="search" role="search" @submit=${this.handleSearchSubmit}>
        <label>Search by email or name <input name="q" type="search" .value=${this.query}></label>
        <button type="submit">Search</button>
      </form>
      <p class="error" role="alert">${this.status === 'error' ? this.error : ''}</p>
      ${this.page ? this.renderUsers(this.page) : nothing}
    `;
  }

  private renderUsers(page: ManagementUsersPage) {
    if (page.users.length === 0) return html`<p role="status">No user matches.</p>`;
    return html`
      <p role="status">${page.total === 1 ? '1 user' : `${page.total} users`}${page.total > page.length ? `, first ${page.length} shown` : ''}</p>
      <table>
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Connection</th></tr></thead>
        <tbody>
          ${page.users.map((user) => html`<tr>
            <td><a href="#/users/${encodeURIComponent(user.user_id)}">${user.name}</a></td>
            <td>${user.email}</td>
            <td>${user.identities[0]?.connection}</td>
          </tr>`)}
        </tbody>
      </table>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'dashboard-app': DashboardApp }
}
