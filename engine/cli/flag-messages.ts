/** What the `desk` sub-commands say about a wrong or missing flag, in English and Chinese. */
import { tr, type Catalog, type Lang } from '../i18n';
import { EngineError } from '../errors';

/** Flag errors of the sub-commands (the parser's own are in cliMessages). */
export const cliFlagMessages: Catalog = {
  en: {
    recs_protocol: "desk recs evaluate: --protocol must be full or sampled100, not '{value}'",
    recs_format: "desk recs evaluate: --format must be sasrec or csv, not '{value}'",
    recs_for: 'desk recs for: give --customer ID or --sku SKU. Usage: {usage}',
    recs_export: 'desk recs export: give --out FILE. Usage: {usage}',
    recs_list: "desk recs export: --list is 'recommended' or 'revisit', not '{value}'. Usage: {usage}",
    recs_sub: "desk recs: unknown subcommand '{value}'. Usage: {usage}",
    backtest_model: "desk backtest: unknown model '{value}' in --models. Valid: {valid}",
    backtest_m4_model: "desk backtest --format m4: unknown model '{value}' in --models. Valid: {valid}",
    backtest_horizon: 'desk backtest: --horizon N (a whole number ≥ 1) is required',
    backtest_freq: "desk backtest: --freq must be D, W or M; got '{value}'",
    backtest_format: "desk backtest: --format must be long or m4; got '{value}'",
    backtest_test: 'desk backtest: --test goes with --format m4',
    backtest_source: 'desk backtest: give --store FILE or --csv FILE',
    backtest_known: "desk backtest: --known names '{value}', which is not in --covariates ({valid})",
    backtest_too_short: '{file}: no series is long enough to backtest with --horizon {horizon} ({n} read): a fold needs at least {min} values ({train} to fit, {horizon} to score) and the longest series has {max}. Use a shorter --horizon or a longer history.',
    backtest_some_short: 'Note: {k} of {n} series have fewer than {min} values ({train} to fit, {horizon} to score) and were left out of the scores.',
    forecast_model: "desk forecast: --model must be one of {valid}; got '{value}'",
    forecast_neural_model: 'desk forecast: --train-neural goes with --model auto (the neural model is then kept per SKU where it wins); got --model {value}',
    forecast_neural_horizon: "desk forecast: --train-neural allows --horizon up to 56 days (the neural model's limit); got {value}",
    demo_flag: 'desk demo: --{option}: {message}',
    elasticity_cols: 'desk elasticity: --csv needs --price COL and --qty COL',
    elasticity_source: 'desk elasticity: give --store FILE or --csv FILE. Usage: {usage}',
    export_format: 'desk export: give a format: {valid}',
    export_format_got: "desk export: give a format: {valid} (got '{value}')",
    export_encoding: "desk export: --encoding must be one of {valid}, got '{value}'",
    export_mapping: "desk export: --mapping must be a mapping id (see the Export dialog), got '{value}'",
    plan_service: 'desk plan: --service-level must be between 0.5 and 0.999, got {value}',
    images_backbone: "desk images: unknown backbone '{value}'. Valid: all, {valid}",
    price_sub: "desk price: unknown sub-command '{value}'; use train, recommend or evaluate. Usage: {usage}",
  },
  zh: {
    recs_protocol: "desk recs evaluate：--protocol 只能是 full 或 sampled100，收到的是 '{value}'",
    recs_format: "desk recs evaluate：--format 只能是 sasrec 或 csv，收到的是 '{value}'",
    recs_for: 'desk recs for：请给出 --customer 客户编号 或 --sku SKU。用法：{usage}',
    recs_export: 'desk recs export：请给出 --out 文件。用法：{usage}',
    recs_list: "desk recs export：--list 只能是 'recommended'（推荐）或 'revisit'（看过未买），不是 '{value}'。用法：{usage}",
    recs_sub: "desk recs：未知的子命令 '{value}'。用法：{usage}",
    backtest_model: "desk backtest：--models 中的模型 '{value}' 不存在。可用：{valid}",
    backtest_m4_model: "desk backtest --format m4：--models 中的模型 '{value}' 不存在。可用：{valid}",
    backtest_horizon: 'desk backtest：必须给出 --horizon N（不小于 1 的整数）',
    backtest_freq: "desk backtest：--freq 只能是 D、W 或 M，收到的是 '{value}'",
    backtest_format: "desk backtest：--format 只能是 long 或 m4，收到的是 '{value}'",
    backtest_test: 'desk backtest：--test 只能与 --format m4 一起使用',
    backtest_source: 'desk backtest：请给出 --store 文件 或 --csv 文件',
    backtest_known: "desk backtest：--known 中的 '{value}' 不在 --covariates（{valid}）里",
    backtest_too_short: '{file}：没有一条序列足够长（共读到 {n} 条），无法用 --horizon {horizon} 回测：每折至少需要 {min} 个值（{train} 个用于拟合，{horizon} 个用于评分），最长的序列只有 {max} 个。请缩短 --horizon 或提供更长的历史。',
    backtest_some_short: '注意：{n} 条序列中有 {k} 条少于 {min} 个值（{train} 个用于拟合，{horizon} 个用于评分），未计入评分。',
    forecast_model: "desk forecast：--model 必须是 {valid} 之一，收到的是 '{value}'",
    forecast_neural_model: 'desk forecast：--train-neural 只能与 --model auto 一起使用（神经网络模型只在胜出的 SKU 上保留），收到的是 --model {value}',
    forecast_neural_horizon: 'desk forecast：使用 --train-neural 时 --horizon 最多 56 天（神经网络模型的上限），收到的是 {value}',
    demo_flag: 'desk demo：--{option}：{message}',
    elasticity_cols: 'desk elasticity：使用 --csv 时需要 --price 列名 和 --qty 列名',
    elasticity_source: 'desk elasticity：请给出 --store 文件 或 --csv 文件。用法：{usage}',
    export_format: 'desk export：请给出导出格式：{valid}',
    export_format_got: "desk export：请给出导出格式：{valid}（收到的是 '{value}'）",
    export_encoding: "desk export：--encoding 必须是 {valid} 之一，收到的是 '{value}'",
    export_mapping: "desk export：--mapping 必须是映射编号（见导出对话框），收到的是 '{value}'",
    plan_service: 'desk plan：--service-level 必须在 0.5 到 0.999 之间，收到的是 {value}',
    images_backbone: "desk images：未知的骨干网络 '{value}'。可用：all、{valid}",
    price_sub: "desk price：未知的子命令 '{value}'，请使用 train、recommend 或 evaluate。用法：{usage}",
  },
};

/** A user error about a flag, worded in the command's language. */
export function flagError(lang: Lang, key: string, params: Record<string, unknown> = {}): EngineError {
  return new EngineError('user_error', tr(cliFlagMessages, lang, key, params));
}
