// Rules about health evaluation: timing that makes sense (timeouts inside intervals, recovery slower
// than failure), signals that have what they need, and detection that is not twitchy.
import { finding, laterDuplicates, type RuleFinding, type SpecRule } from './finding.js';

/** Below this, a single slow garbage collection or network blip can declare a region down. */
const MIN_DETECTION_SECONDS = 10;

export const checkHealthTiming: SpecRule = ({ health }) => {
  if (!health) return [];
  const findings: RuleFinding[] = [];
  const { intervalSeconds, timeoutSeconds, unhealthyAfter, healthyAfter, window } = health;
  if (timeoutSeconds >= intervalSeconds) {
    findings.push(finding('semantic.timeout-below-interval', ['health', 'timeoutSeconds'], `timeoutSeconds (${timeoutSeconds}) must be shorter than intervalSeconds (${intervalSeconds}), or probes of one evaluation overlap the next`, { hint: `e.g. timeoutSeconds: ${Math.max(1, Math.floor(intervalSeconds / 2))}` }));
  }
  if (healthyAfter < unhealthyAfter) {
    findings.push(finding('semantic.healthy-after', ['health', 'healthyAfter'], `healthyAfter (${healthyAfter}) is less than unhealthyAfter (${unhealthyAfter}): a flapping region would look healthy faster than it looks failed`, { hint: `use at least ${unhealthyAfter}; the default is 30` }));
  }
  if (window && window.failures > window.size) {
    findings.push(finding('semantic.window-failures', ['health', 'window', 'failures'], `window.failures (${window.failures}) exceeds window.size (${window.size}); the region could never become Unhealthy`));
  }
  const failures = window ? window.failures : unhealthyAfter;
  if (failures * intervalSeconds < MIN_DETECTION_SECONDS) {
    const field = window ? ['health', 'window', 'failures'] : ['health', 'unhealthyAfter'];
    findings.push(finding('semantic.twitchy-detection', field, `a region is declared Unhealthy after ${failures} × ${intervalSeconds} s = ${failures * intervalSeconds} s of failures; that is twitchy outside a lab`, { hint: `aim for at least ${MIN_DETECTION_SECONDS} s, e.g. unhealthyAfter: ${Math.ceil(MIN_DETECTION_SECONDS / intervalSeconds)}` }));
  }
  const maxLatencyMs = health.app.maxLatencyMs;
  if (maxLatencyMs !== undefined && maxLatencyMs >= timeoutSeconds * 1000) {
    findings.push(finding('semantic.app-latency-timeout', ['health', 'app', 'maxLatencyMs'], `maxLatencyMs (${maxLatencyMs}) is not below the probe timeout (${timeoutSeconds * 1000} ms), so it never triggers; the timeout does`));
  }
  return findings;
};

export const checkSignals: SpecRule = ({ health, readiness }) => {
  if (!health) return [];
  const findings: RuleFinding[] = [];
  const counted = health.signals.filter((signal) => signal !== 'trafficManager');
  if (health.outage === 'application' && !counted.includes('app')) {
    findings.push(finding('semantic.outage-app-signal', ['health', 'outage'], 'outage: application decides on the app signal, but `app` is not in health.signals', { hint: 'add `app` to health.signals (and app.url to every region), or use outage: regional' }));
  }
  if (typeof health.outage === 'object' && health.outage.quorum > new Set(counted).size) {
    findings.push(finding('semantic.outage-quorum-range', ['health', 'outage', 'quorum'], `outage quorum ${health.outage.quorum} exceeds the ${new Set(counted).size} counted signal(s) (${counted.join(', ')}); a region could never be declared down`, { hint: `use at most ${new Set(counted).size}` }));
  }
  for (const { index } of laterDuplicates(health.signals, (signal) => signal)) {
    findings.push(finding('semantic.duplicate-signal', ['health', 'signals', index], `signal \`${health.signals[index] ?? ''}\` is listed twice`));
  }
  const workloadsIndex = health.signals.indexOf('workloads');
  if (workloadsIndex !== -1 && !health.workloads) {
    findings.push(finding('semantic.workloads-required', ['health', 'signals', workloadsIndex], 'the `workloads` signal needs health.workloads (namespace and deployments)', { hint: 'add `workloads: { namespace: shop, deployments: [frontend] }` under health, or remove the signal' }));
  }
  const workloadsUsedByAcr = readiness?.acr?.images === 'fromWorkloads';
  if (health.workloads && workloadsIndex === -1 && !workloadsUsedByAcr) {
    findings.push(finding('semantic.unused-workloads', ['health', 'workloads'], 'health.workloads is set, but the `workloads` signal is not in health.signals', { target: 'key', hint: 'add `workloads` to health.signals' }));
  }
  if (new Set(health.signals).size === 1) {
    findings.push(finding('semantic.single-signal', ['health', 'signals'], `only one health signal (${health.signals[0] ?? ''}): a single broken check can fail the region over`, { hint: 'combine signals, e.g. [apiServer, nodes, app]' }));
  }
  return findings;
};
