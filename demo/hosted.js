// The authorization code flow with PKCE, by hand, as an SPA SDK runs it (notes/universal-login.md):
// no library, so every request the app makes is visible here. Tokens stay in memory.
const CLIENT_ID = 'demo-spa';
const REDIRECT_URI = new URL('hosted.html', location.href).href;
const status = document.getElementById('status');
const loginButton = document.getElementById('login');
const logoutButton = document.getElementById('logout');

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

loginButton.addEventListener('click', async () => {
  const verifier = random();
  const state = random();
  sessionStorage.setItem('demo-pkce', JSON.stringify({ verifier, state }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const params = new URLSearchParams({
    client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid profile email',
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`/authorize?${params}`);
});

logoutButton.addEventListener('click', () => {
  location.assign(`/v2/logout?${new URLSearchParams({ client_id: CLIENT_ID, returnTo: REDIRECT_URI })}`);
});

async function finishLogin(query) {
  const saved = JSON.parse(sessionStorage.getItem('demo-pkce') ?? 'null');
  sessionStorage.removeItem('demo-pkce');
  history.replaceState(null, '', location.pathname); // the code never stays in the address bar
  if (query.get('error')) return void (status.textContent = `Not signed in: ${query.get('error_description')}`);
  if (!saved || saved.state !== query.get('state')) return void (status.textContent = 'Not signed in: the answer does not belong to this tab.');
  const response = await fetch('/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, code: query.get('code'), code_verifier: saved.verifier, redirect_uri: REDIRECT_URI }),
  });
  const tokens = await response.json();
  if (!response.ok) return void (status.textContent = `Not signed in: ${tokens.error_description}`);
  const user = await (await fetch('/userinfo', { headers: { Authorization: `Bearer ${tokens.access_token}` } })).json();
  status.textContent = `Signed in as ${user.email}.`;
  loginButton.hidden = true;
  logoutButton.hidden = false;
}

const query = new URLSearchParams(location.search);
if (query.has('code') || query.has('error')) void finishLogin(query);
