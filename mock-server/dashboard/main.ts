/** The dashboard bundle (dist-dashboard/dashboard.js), served by the reference server at /dashboard/dashboard.js. */
import { adoptStyles } from './styles.js';
import './dashboard-app.js';

adoptStyles();
