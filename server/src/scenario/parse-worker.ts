import { parentPort, workerData } from 'node:worker_threads';
import { parseScenario } from './load.js';

/** Worker-thread entry (see parseScenarioApart): parses the scenario text it was given and posts the LoadResult back. */
const { text, file } = workerData as { text: string; file: string };
parentPort?.postMessage(parseScenario(text, file));
