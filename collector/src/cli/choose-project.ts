// Picking the project a CLI command works on, shared by the commands so their errors read alike.
import { loadConfig, type Config, type ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';

/** `--project` as import and seed take it: null means the config's first project. */
export function projectOrFirst(config: Config, id: string | null, configPath: string): ProjectConfig {
  const project = id === null ? config.projects[0] : config.projects.find((p) => p.id === id);
  if (!project) throw new UptakeError('invalid_flags', `--project: no project "${id}" in ${configPath} (have: ${config.projects.map((p) => p.id).join(', ')})`);
  return project;
}

/** `--project` as token and report take it: needed when the config has several projects. */
export function chooseProject(config: Config, id: string | undefined): ProjectConfig {
  if (id !== undefined) {
    const project = config.projects.find((p) => p.id === id);
    if (!project) throw new UptakeError('invalid_flags', `--project: no project "${id}" in the config (have ${config.projects.map((p) => p.id).join(', ')})`);
    return project;
  }
  if (config.projects.length > 1) throw new UptakeError('invalid_flags', `--project is needed: the config has ${config.projects.map((p) => p.id).join(', ')}`);
  return config.projects[0];
}

/** Loads the config, picks the project (as {@link projectOrFirst}), then opens the store: a bad flag opens no database. */
export async function openProjectStore(flags: { config: string; project: string | null; db: string }): Promise<{ project: ProjectConfig; store: Store }> {
  const project = projectOrFirst(loadConfig(flags.config), flags.project, flags.config);
  return { project, store: await openStore(flags.db) };
}
