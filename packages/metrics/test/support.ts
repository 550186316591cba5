import type { MetricObjectWithValues, MetricValue, Registry } from 'prom-client';

/** One scrape of a registry: `samples(name)` gives one metric's samples as `labels → value`. */
export async function scrape(registry: Registry): Promise<(name: string) => Record<string, number>> {
  const metrics = (await registry.getMetricsAsJSON()) as MetricObjectWithValues<MetricValue<string>>[];
  return (name) => {
    const metric = metrics.find((candidate) => candidate.name === name);
    if (metric === undefined) throw new Error(`no metric ${name} in the registry`);
    return sampleLines(metric);
  };
}

/** The samples of one metric in a fresh scrape, as `labels → value`. */
export async function samples(registry: Registry, name: string): Promise<Record<string, number>> {
  return (await scrape(registry))(name);
}

/** `labels → value` of a metric's samples, keyed like `{process="AgentStart"}`. */
export function sampleLines(metric: MetricObjectWithValues<MetricValue<string>>): Record<string, number> {
  const lines: Record<string, number> = {};
  for (const sample of metric.values) {
    const labels = Object.entries(sample.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}="${value}"`)
      .join(',');
    const suffix = (sample as { metricName?: string }).metricName?.slice(metric.name.length) ?? '';
    lines[`${suffix}{${labels}}`] = sample.value;
  }
  return lines;
}
