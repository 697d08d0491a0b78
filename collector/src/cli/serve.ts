// `uptake-collector serve` (placeholder until built).
import { UptakeError } from '../errors.js';

export async function run(_argv: string[]): Promise<number> {
  throw new UptakeError('invalid_flags', 'serve is not available yet');
}
