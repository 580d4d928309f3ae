import { expect, test } from '@grafana/plugin-e2e';

import { provisionedAlertRules } from './provisioning';

// Grafana's view of its alert rules in the Prometheus rules format: health, last error, last evaluation.
interface RulesResponse {
  data?: {
    groups?: Array<{
      rules?: Array<{ name: string; health?: string; lastError?: string; lastEvaluation?: string }>;
    }>;
  };
}

// The answer of /api/v1/eval, the evaluation the rule editor's preview runs: one result per query.
interface EvalResponse {
  results?: Record<string, { status?: number; error?: string; frames?: unknown[] }>;
}

const NEVER_EVALUATED = '0001-01-01';

for (const rule of provisionedAlertRules()) {
  test(`alert rule "${rule.title}" (${rule.fileName}) is loaded and evaluates without error`, async ({ page }) => {
    // The scheduler evaluates every rule once a minute: allow for the first evaluation after Grafana started.
    test.setTimeout(240_000);

    // Loaded: Grafana's provisioning API knows the rule by its uid, as provisioned from the file.
    const loaded = await page.request.get(`/api/v1/provisioning/alert-rules/${rule.uid}`);
    expect(loaded.ok(), `HTTP ${loaded.status()} for rule ${rule.uid}`).toBe(true);
    const definition = await loaded.json();
    expect(definition.title).toBe(rule.title);

    // Evaluated on demand, as the rule editor's preview does: every query and expression answers.
    const evaluated = await page.request.post('/api/v1/eval', { data: { data: definition.data } });
    expect(evaluated.ok(), `HTTP ${evaluated.status()} from the evaluation`).toBe(true);
    const results = Object.entries(((await evaluated.json()) as EvalResponse).results ?? {});
    const refIds: string[] = definition.data.map((query: { refId: string }) => query.refId);
    expect(results.map(([refId]) => refId)).toEqual(expect.arrayContaining(refIds));
    for (const [refId, result] of results) {
      expect(result.error, `query ${refId}`).toBeUndefined();
      expect(result.status ?? 200, `query ${refId}`).toBe(200);
    }

    // Evaluated by the scheduler, without error.
    await expect
      .poll(
        async () => {
          const answer = await page.request.get('/api/prometheus/grafana/api/v1/rules');
          const body: RulesResponse = await answer.json();
          const state = body.data?.groups
            ?.flatMap((group) => group.rules ?? [])
            .find((candidate) => candidate.name === rule.title);
          if (!state) {
            return 'not loaded';
          }
          if (!state.lastEvaluation || state.lastEvaluation.startsWith(NEVER_EVALUATED)) {
            return 'not evaluated yet';
          }
          return state.lastError ? `${state.health}: ${state.lastError}` : state.health;
        },
        { message: `the scheduler's evaluation of "${rule.title}"`, timeout: 150_000, intervals: [5_000] }
      )
      .toBe('ok');
  });
}
