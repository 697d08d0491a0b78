// Routes of the reports part (placeholder until built).
import { Hono } from 'hono';
import type { AppContext } from '../context.js';

export function reportsRoutes(_ctx: AppContext): Hono {
  return new Hono();
}
