// Routes of the surveys part (placeholder until built).
import { Hono } from 'hono';
import type { AppContext } from '../context.js';

export function surveysRoutes(_ctx: AppContext): Hono {
  return new Hono();
}
