/** The dashboard bundle (dist-dashboard/dashboard.js), served by the reference server at /dashboard/dashboard.js. */
import { adoptOnce } from '../../src/components/adopt-styles.js';
import { dashboardStyles } from './styles.js';
import './dashboard-app.js';

adoptOnce(document.documentElement, dashboardStyles);
