import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildApp } from './build-app';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The app built from the current sources, for the server under test to serve. */
    webAppDir: string;
  }
}

/** One build of the app for the whole run, shared by every browser suite. */
export default async function setup(project: TestProject) {
  const dir = await buildApp();
  project.provide('webAppDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
