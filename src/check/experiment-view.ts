// One experiment as the rules and the lowering see it: its blocks found once
// (first occurrence wins; later ones are MTL021), its network resolved, its
// settings indexed by key, and its counts read as constants when they are sound.
import type {
  DataBlock,
  EverySetting,
  ExperimentDecl,
  ExperimentItem,
  LayerDecl,
  LrSetting,
  OrderBlock,
  ReconstructBlock,
  Setting,
  SkipSetting,
  TrainBlock,
  WeightsBlock,
} from '../syntax/ast.js';
import { constantValue } from './constants.js';
import type { SourceFile } from './program.js';
import type { ResolvedNetwork, SymbolTable } from './symbols.js';

export interface ExperimentView {
  readonly decl: ExperimentDecl;
  readonly file: SourceFile;
  readonly data?: DataBlock;
  readonly networkItem?: Extract<ExperimentItem, { kind: 'NetworkRef' | 'InlineNetwork' }>;
  /** Undefined when the experiment has no network or its name does not resolve. */
  readonly network?: ResolvedNetwork;
  readonly hidden: readonly LayerDecl[];
  readonly output?: LayerDecl;
  readonly reconstruct: readonly ReconstructBlock[];
  readonly weights?: WeightsBlock;
  readonly train?: TrainBlock;
  readonly lr?: LrSetting;
  readonly order?: OrderBlock;
  readonly evaluate?: EverySetting;
  readonly checkpoint?: EverySetting;
  readonly skip?: SkipSetting;
  /** A block's first setting of a key. */
  setting(block: DataBlock | ReconstructBlock | TrainBlock | undefined, key: string): Setting | undefined;
  /** A setting's value as a constant integer ≥ min; undefined when absent or unsound (rules report those). */
  count(block: DataBlock | TrainBlock | undefined, key: string, min?: number): number | undefined;
  /** T: the epochs, when given and a positive integer. */
  readonly epochs?: number;
}

export function experimentView(decl: ExperimentDecl, file: SourceFile, symbols: SymbolTable): ExperimentView {
  const first = <K extends ExperimentItem['kind']>(...kinds: K[]) =>
    decl.items.find((i): i is Extract<ExperimentItem, { kind: K }> => (kinds as string[]).includes(i.kind));
  const data = first('Data');
  const networkItem = first('NetworkRef', 'InlineNetwork');
  const network = symbols.networkOf(decl);
  const train = first('Train');
  const trainItem = <K extends 'Lr' | 'Order' | 'Every' | 'Skip'>(kind: K, what?: string) =>
    train?.items.find(
      (i): i is Extract<TrainBlock['items'][number], { kind: K }> =>
        i.kind === kind && (what === undefined || (i.kind === 'Every' && i.what === what)),
    );
  const settingsByBlock = new Map<object, Map<string, Setting>>();
  const setting = (block: DataBlock | ReconstructBlock | TrainBlock | undefined, key: string) => {
    if (!block) return undefined;
    let map = settingsByBlock.get(block);
    if (!map) {
      map = new Map();
      const items = block.kind === 'Train' ? block.items : block.settings;
      for (const s of items) if (s.kind === 'Setting' && !map.has(s.key.name)) map.set(s.key.name, s);
      settingsByBlock.set(block, map);
    }
    return map.get(key);
  };
  const count = (block: DataBlock | TrainBlock | undefined, key: string, min = 0) => {
    const value = constantValue(setting(block, key)?.value);
    return value !== undefined && Number.isInteger(value) && value >= min ? value : undefined;
  };
  const layers = network?.body.layers ?? [];
  return {
    decl,
    file,
    data,
    networkItem,
    network,
    hidden: layers.filter((l) => l.role === 'dense'),
    output: layers.find((l) => l.role === 'output'),
    reconstruct: decl.items.filter((i): i is ReconstructBlock => i.kind === 'Reconstruct'),
    weights: first('WeightsEquations', 'WeightsSchedule'),
    train,
    lr: trainItem('Lr'),
    order: trainItem('Order'),
    evaluate: trainItem('Every', 'evaluate'),
    checkpoint: trainItem('Every', 'checkpoint'),
    skip: trainItem('Skip'),
    setting,
    count,
    epochs: count(train, 'epochs', 1),
  };
}
