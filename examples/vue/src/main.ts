import { createApp } from 'vue';
import 'login-box-elements'; // registers <login-box> and <reset-password-form>
import type {} from 'login-box-elements/vue'; // their template types
import App from './App.vue';

createApp(App).mount('#app');
