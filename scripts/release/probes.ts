// The release's view of a deployment over HTTP: readiness (optionally of one pinned version) and the smoke suite.
import { createClient } from '../smoke/client.ts';
import { runSmoke } from '../smoke/journeys.ts';

export interface ProbeTarget {
  baseUrl: string;
  workerName: string;
  log: (line: string) => void;
}

/** 200 from /health/ready; when pinned, /health must first prove the pinned version is the one answering. */
export async function ready(target: ProbeTarget, versionId?: string): Promise<boolean> {
  const client = createClient({ baseUrl: target.baseUrl, versionId, workerName: target.workerName });
  try {
    if (versionId) {
      const health = await client.call('GET', '/health');
      const answered = (health.json as { version?: { id?: string } } | undefined)?.version?.id;
      if (answered !== versionId) {
        target.log(`readiness: version ${answered ?? '(none)'} answered instead of ${versionId}`);
        return false;
      }
    }
    const reply = await client.call('GET', '/health/ready');
    if (reply.status !== 200) target.log(`readiness${versionId ? ` of ${versionId}` : ''}: ${reply.status}`);
    return reply.status === 200;
  } catch (error) {
    target.log(`readiness: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

export async function smoke(target: ProbeTarget, versionId: string): Promise<boolean> {
  target.log(`smoke test of ${versionId}`);
  const report = await runSmoke({
    baseUrl: target.baseUrl,
    versionId,
    workerName: target.workerName,
    log: (line) => target.log(`  ${line}`),
  });
  return report.ok;
}
