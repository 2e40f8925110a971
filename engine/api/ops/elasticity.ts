/** Pricing operations owned by the elasticity/guardrail domain: estimates and guardrail settings. */
import { z } from 'zod';
import { both, EngineError } from '../../errors';
import { apiMessages } from '../../messages';
import { estimateStoreElasticities, saveElasticities, savedElasticities } from '../../pricing/elasticity-store';
import { DEFAULT_RULES, rulesFor, rulesOverrideSchema, saveRulesOverride } from '../../pricing/guardrails';
import { defineOp } from '../contract';

/** Elasticity and guardrail operations. */
export const elasticityOps = {
  'pricing.elasticity': defineOp({
    summary: 'Own-price elasticity per SKU (90% interval, shrunk to its category; refusals fall back to the prior)',
    input: z.object({ sku: z.string().min(1).optional(), save: z.boolean().default(true), useControls: z.boolean().default(true), shrink: z.boolean().default(true) }),
    run: (input, { engine }) => {
      const db = engine.store.db;
      if (input.sku && !db.prepare('SELECT 1 FROM products WHERE sku = ?').get(input.sku)) {
        throw new EngineError('not_found', both(apiMessages, 'no_product', { sku: input.sku }), { sku: input.sku });
      }
      const result = estimateStoreElasticities(db, { sku: input.sku, useControls: input.useControls, shrink: input.shrink });
      // Only the default analysis is saved as the store's elasticities (the pricing agents read them).
      const runId = input.save && !input.sku && input.useControls && input.shrink ? saveElasticities(db, result, {}) : null;
      return { runId, ...result };
    },
  }),
  'pricing.elasticity.start': defineOp({
    summary: 'Estimate and save every SKU\'s elasticity as a background job (returns the job; results via pricing.elasticity.saved)',
    input: z.object({}),
    run: (_i, { engine, lang }) => engine.jobs.start('pricing.elasticity', {}, { lang }),
  }),
  'pricing.elasticity.saved': defineOp({
    summary: 'Elasticities saved by the last run, per SKU (or one), with the category priors',
    input: z.object({ sku: z.string().min(1).optional() }),
    run: (input, { engine }) => savedElasticities(engine.store.db, input.sku),
  }),
  'pricing.guardrails.get': defineOp({
    summary: 'The guardrail rules in force for a SKU (defaults, store, category and SKU overrides merged)',
    input: z.object({ sku: z.string().min(1).optional() }),
    run: (input, { engine }) => {
      if (!input.sku) return { rules: DEFAULT_RULES };
      const p = engine.store.db.prepare('SELECT id FROM products WHERE sku = ?').get(input.sku) as { id: number } | undefined;
      if (!p) throw new EngineError('not_found', both(apiMessages, 'no_product', { sku: input.sku }), { sku: input.sku });
      return { rules: rulesFor(engine.store.db, p.id) };
    },
  }),
  'pricing.guardrails.set': defineOp({
    summary: 'Save (or clear with null) guardrail overrides for the store, a category or a SKU',
    input: z.object({ scope: z.enum(['store', 'category', 'sku']), key: z.string().default(''), rules: rulesOverrideSchema.nullable() }),
    run: (input, { engine }) => {
      saveRulesOverride(engine.store.db, input.scope, input.key, input.rules);
      return { scope: input.scope, key: input.key };
    },
  }),
};
