import { mount } from 'svelte';
import 'login-box-elements'; // registers <login-box> and <reset-password-form>
import type {} from 'login-box-elements/svelte'; // their markup types
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
