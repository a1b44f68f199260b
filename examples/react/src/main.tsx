import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'login-box-elements'; // registers <login-box> and <reset-password-form>
import type {} from 'login-box-elements/react'; // their JSX types
import { App } from './App.js';

createRoot(document.getElementById('app')!).render(<StrictMode><App /></StrictMode>);
