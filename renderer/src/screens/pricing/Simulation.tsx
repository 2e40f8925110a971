/** Simulated comparison of the agent with the baselines and the DP oracle (the pricing.evaluate job). */
import { useState, type ReactNode } from 'react';
import { Button, Group, Paper, Progress, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, type JobEvent } from '../../api/client';
import { followJob, jobFailure } from '../../api/jobs';
import { notifyError } from '../../components/notify';
import { useFormat } from '../../format';
import { msg } from '../../i18n/msg';

interface Score {
  policy: string;
  meanReward: number;
  pctOfOracle: { mean: number; lo: number; hi: number };
  uplift: Record<string, { mean: number }>;
  violations: number;
}

/** The simulation panel. */
export function Simulation(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const [progress, setProgress] = useState<JobEvent | null>(null);
  const run = useMutation({
    mutationFn: async () => {
      const job = await call('pricing.evaluate', { seeds: 10 });
      const done = await followJob(job.jobId, setProgress);
      if (done.status !== 'succeeded') throw jobFailure(done);
      return done.result as { policies: Score[]; markets: number; seeds: number };
    },
    onError: (e) => notifyError(msg('pricing.simFailed'), e),
    onSettled: () => setProgress(null),
  });
  const pct = (x: number | undefined): string => (x === undefined ? '—' : `${f.signed(100 * x, 1)}%`);
  return (
    <Paper withBorder p="sm" data-testid="pricing-simulation">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h6">
          {t('pricing.simTitle')}
        </Title>
        <Button size="xs" variant="light" loading={run.isPending} onClick={() => run.mutate()} data-testid="pricing-simulate">
          {t('pricing.simRun')}
        </Button>
      </Group>
      {progress && <Progress value={progress.total ? (100 * progress.done) / progress.total : 0} animated mb="xs" />}
      {run.data ? (
        <Table data-testid="pricing-sim-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('pricing.sim.policy')}</Table.Th>
              <Table.Th ta="right">{t('pricing.sim.reward')}</Table.Th>
              <Table.Th ta="right">{t('pricing.sim.oracle')}</Table.Th>
              <Table.Th ta="right">{t('pricing.sim.vsStatic')}</Table.Th>
              <Table.Th ta="right">{t('pricing.sim.vsMatch')}</Table.Th>
              <Table.Th ta="right">{t('pricing.sim.violations')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {run.data.policies.map((p) => (
              <Table.Tr key={p.policy}>
                <Table.Td>{t(`pricing.policy.${p.policy}`)}</Table.Td>
                <Table.Td ta="right">{f.num(p.meanReward)}</Table.Td>
                <Table.Td ta="right">{`${f.fixed(p.pctOfOracle.mean, 1)}% [${f.fixed(p.pctOfOracle.lo, 1)}, ${f.fixed(p.pctOfOracle.hi, 1)}]`}</Table.Td>
                <Table.Td ta="right">{pct(p.uplift['best-static']?.mean)}</Table.Td>
                <Table.Td ta="right">{pct(p.uplift['match-lowest']?.mean)}</Table.Td>
                <Table.Td ta="right">{p.violations}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">{t('pricing.simHint')}</Text>
      )}
    </Paper>
  );
}
