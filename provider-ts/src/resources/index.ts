// THE list of resources. Adding one: a spec file here, its emulator routes, a conformance scenario,
// then `make generate`.
import { Registry } from '../spec/registry';
import { assistant } from './assistant';
import { file } from './file';
import { project } from './project';
import { vectorStore } from './vector-store';

export const resources = [file, vectorStore, project, assistant];

export const registry = new Registry(resources);
