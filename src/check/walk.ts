// The nodes rules can visit, and the walk that visits them in source order.
// Expressions are not walked node by node: they are checked where they are
// written (expr-sites.ts), each with the scope of its place.
import type {
  DataBlock,
  EverySetting,
  ExperimentDecl,
  ImportDecl,
  InlineNetwork,
  InputDecl,
  LayerDecl,
  LrSetting,
  MtlFile,
  NetworkDecl,
  NetworkRef,
  OrderBlock,
  ReconstructBlock,
  ScheduleRef,
  Setting,
  SkipSetting,
  StepDecl,
  SweepBase,
  SweepDecl,
  SweepOverride,
  SweepOverrides,
  SweepRepeat,
  SweepVary,
  TrainBlock,
  WeightEquation,
  WeightsEquations,
  WeightsSchedule,
} from '../syntax/ast.js';

export type WalkedNode =
  | MtlFile
  | ImportDecl
  | NetworkDecl
  | InputDecl
  | LayerDecl
  | ExperimentDecl
  | DataBlock
  | Setting
  | NetworkRef
  | InlineNetwork
  | ReconstructBlock
  | WeightsEquations
  | WeightEquation
  | WeightsSchedule
  | ScheduleRef
  | TrainBlock
  | LrSetting
  | EverySetting
  | SkipSetting
  | OrderBlock
  | StepDecl
  | SweepDecl
  | SweepBase
  | SweepVary
  | SweepOverrides
  | SweepOverride
  | SweepRepeat;

type WalkedKind = WalkedNode['kind'];

/** A rule's handlers, keyed by node kind (graphql-js style), plus one call after the whole walk. */
export type Visitor = {
  readonly [K in WalkedKind]?: (node: Extract<WalkedNode, { kind: K }>) => void;
} & { readonly leaveProgram?: () => void };

/** Calls `enter` for every node of a file, parents before children, in source order. */
export function walkFile(file: MtlFile, enter: (node: WalkedNode) => void): void {
  enter(file);
  for (const imp of file.imports) enter(imp);
  for (const decl of file.declarations) {
    enter(decl);
    switch (decl.kind) {
      case 'Network':
        walkNetwork(decl, enter);
        break;
      case 'Experiment':
        for (const item of decl.items) walkExperimentItem(item, enter);
        break;
      case 'Sweep':
        for (const item of decl.items) {
          enter(item);
          if (item.kind === 'SweepOverrides') for (const o of item.overrides) enter(o);
        }
        break;
    }
  }
}

function walkNetwork(body: NetworkDecl | InlineNetwork, enter: (node: WalkedNode) => void): void {
  if (body.input) enter(body.input);
  for (const layer of body.layers) enter(layer);
}

function walkExperimentItem(item: ExperimentDecl['items'][number], enter: (node: WalkedNode) => void): void {
  enter(item);
  switch (item.kind) {
    case 'Data':
    case 'Reconstruct':
      for (const s of item.settings) enter(s);
      break;
    case 'InlineNetwork':
      walkNetwork(item, enter);
      break;
    case 'WeightsEquations':
      for (const e of item.equations) enter(e);
      break;
    case 'WeightsSchedule':
      enter(item.schedule);
      break;
    case 'Train':
      for (const t of item.items) {
        enter(t);
        if (t.kind === 'Order') for (const s of t.steps) enter(s);
      }
      break;
    case 'NetworkRef':
      break;
  }
}
