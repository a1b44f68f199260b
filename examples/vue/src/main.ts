import { createApp } from 'vue';
import 'login-box'; // registers <login-box> and <reset-password-form>
import type {} from 'login-box/vue'; // their template types
import App from './App.vue';

createApp(App).mount('#app');
