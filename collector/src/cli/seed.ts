// `uptake-collector seed` (placeholder until built).
import { UptakeError } from '../errors.js';

export async function run(_argv: string[]): Promise<number> {
  throw new UptakeError('invalid_flags', 'seed is not available yet');
}
