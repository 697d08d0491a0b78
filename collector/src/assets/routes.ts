// Routes of the assets part (placeholder until built).
import { Hono } from 'hono';
import type { AppContext } from '../context.js';

export function assetsRoutes(_ctx: AppContext): Hono {
  return new Hono();
}
