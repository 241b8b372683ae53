/**
 * The metrics listener (GHAD_METRICS_PORT, GHAD_METRICS_HOST): only GET /metrics, never cached,
 * a 500 (and the error to the log) when collecting fails, one line when it cannot open; and its
 * settings checked at start with a one-line error each.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { GhadMetrics } from '../../src/metrics/ghad-metrics.ts';
import { MetricsServerError, startMetricsServer } from '../../src/metrics/metrics-server.ts';
import { sample } from './exposition.ts';

describe('the metrics listener', () => {
  it('serves GET /metrics in Prometheus’ text format, uncached, and nothing else', async () => {
    const metrics = new GhadMetrics();
    metrics.countServerProcess();
    const server = await startMetricsServer({ host: '127.0.0.1', port: 0, collect: () => metrics.exposition() });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const response = await fetch(server.url);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(sample(await response.text(), 'ghad_server_processes'), 1);
      assert.equal((await fetch(server.url.replace('/metrics', '/'))).status, 404);
      assert.equal((await fetch(server.url, { method: 'POST' })).status, 404);
    } finally {
      await server.close();
    }
  });

  it('answers 500 and reports the error when the metrics cannot be collected', async () => {
    const errors: unknown[] = [];
    const server = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      collect: async () => {
        throw new Error('worker gone');
      },
      onError: (error) => errors.push(error),
    });
    try {
      const response = await fetch(server.url);
      assert.equal(response.status, 500);
      assert.equal(await response.text(), 'The metrics could not be collected: see the server log.\n');
      assert.equal((errors[0] as Error).message, 'worker gone');
    } finally {
      await server.close();
    }
  });

  it('says in one line that its port is taken', async () => {
    const collect = () => new GhadMetrics().exposition();
    const first = await startMetricsServer({ host: '127.0.0.1', port: 0, collect });
    const port = Number(new URL(first.url).port);
    try {
      await assert.rejects(startMetricsServer({ host: '127.0.0.1', port, collect }), (error: Error) => {
        assert.ok(error instanceof MetricsServerError);
        assert.equal(error.message, `GHAD_METRICS_PORT ${port} is already in use on 127.0.0.1: choose another port.`);
        return true;
      });
    } finally {
      await first.close();
    }
  });
});

describe('metrics settings', () => {
  it('has no metrics listener unless GHAD_METRICS_PORT is set, and binds to this machine only by default', () => {
    const config = loadConfig({});
    assert.equal(config.metricsPort, undefined);
    assert.equal(config.metricsHost, '127.0.0.1');
    const set = loadConfig({ GHAD_METRICS_PORT: '9464', GHAD_METRICS_HOST: '0.0.0.0' });
    assert.equal(set.metricsPort, 9464);
    assert.equal(set.metricsHost, '0.0.0.0');
    assert.equal(loadConfig({ GHAD_METRICS_PORT: ' ' }).metricsPort, undefined);
    assert.equal(loadConfig({ GHAD_METRICS_HOST: '::1' }).metricsHost, '::1');
    assert.equal(loadConfig({ GHAD_METRICS_HOST: 'metrics.internal' }).metricsHost, 'metrics.internal');
  });

  it('refuses bad values with one line each', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        assert.ok(!error.message.includes('\n'));
        return error.message;
      }
      return assert.fail(`${JSON.stringify(env)} was taken`);
    };
    assert.equal(
      refused({ GHAD_METRICS_PORT: 'prometheus' }),
      'GHAD_METRICS_PORT must be a number between 0 and 65535 (unset: no metrics), not "prometheus".',
    );
    assert.match(refused({ GHAD_METRICS_PORT: '70000' }), /^GHAD_METRICS_PORT must be a number/);
    assert.match(refused({ GHAD_METRICS_PORT: '-1' }), /^GHAD_METRICS_PORT must be a number/);
    assert.match(refused({ GHAD_METRICS_PORT: '9464.5' }), /^GHAD_METRICS_PORT must be a number/);
    assert.equal(
      refused({ PORT: '8080', GHAD_METRICS_PORT: '8080' }),
      'GHAD_METRICS_PORT must differ from PORT (8080): the metrics have their own listener.',
    );
    assert.equal(
      refused({ GHAD_METRICS_HOST: 'http://127.0.0.1' }),
      'GHAD_METRICS_HOST must be an address such as 127.0.0.1, 0.0.0.0 or ::1, or a host name, not "http://127.0.0.1".',
    );
  });
});
