import { useState } from 'react';
import type { LoginEvent, PasswordChangedEvent } from 'login-box-elements';

const query = new URLSearchParams(location.search);
/** The Auth0-compatible server: `npm start` in the repository, or `?domain=`. */
const DOMAIN = query.get('domain') ?? 'http://127.0.0.1:8787';
/** A reset link (`?ticket=`) opens the reset form, which takes the ticket out of the address bar itself. */
const RESETTING = query.has('ticket');

export function App() {
  const [status, setStatus] = useState('Signed out');
  const signedIn = (event: LoginEvent) => setStatus(`Signed in as ${event.email} (${event.tokens.token_type} token)`);
  const passwordChanged = (event: PasswordChangedEvent) => {
    event.preventDefault(); // stay here instead of following the server's result URL
    setStatus(`New password set for ${event.email}`);
  };
  return (
    <main>
      <h1>login-box in React 19</h1>
      <p id="status" role="status">{status}</p>
      {RESETTING
        ? <reset-password-form domain={DOMAIN} client-id="demo-spa" onpassword-changed={passwordChanged} />
        : <login-box domain={DOMAIN} client-id="demo-spa" onlogin={signedIn} />}
    </main>
  );
}
