// The worker thread that reads and parses large meeting reports, one message per report (see meeting-report.pool.ts).
import { parentPort } from 'node:worker_threads';
import { runWorkerRequest, transferablesOf, type WorkerRequest } from './meeting-report.pool.ts';

parentPort?.on('message', async (request: WorkerRequest) => {
  const reply = await runWorkerRequest(request);
  parentPort?.postMessage(reply, transferablesOf(reply));
});
