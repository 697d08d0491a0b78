// Routes of the ingest part (placeholder until built).
import { Hono } from 'hono';
import type { AppContext } from '../context.js';

export function ingestRoutes(_ctx: AppContext): Hono {
  return new Hono();
}
