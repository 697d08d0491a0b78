// Pages without their own behaviour (clients, reports, team): the shared shell is all they need.
import { startPage } from './app-shell.js';

startPage();
