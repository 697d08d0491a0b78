// Routes of the dashboard part (placeholder until built).
import { Hono } from 'hono';
import type { AppContext } from '../context.js';

export function dashboardRoutes(_ctx: AppContext): Hono {
  return new Hono();
}
