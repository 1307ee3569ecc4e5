// Generated from grammar/parser.ts by scripts/gen-grammar-artefacts.js. Do not edit by hand.
/* biome-ignore-all lint: generated */
import type { CstNode, ICstVisitor, IToken } from 'chevrotain';

export interface ExpressionCstNode extends CstNode {
  name: 'expression';
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  orExpr: OrExprCstNode[];
  Question?: IToken[];
  expression?: ExpressionCstNode[];
  Colon?: IToken[];
};

export interface OrExprCstNode extends CstNode {
  name: 'orExpr';
  children: OrExprCstChildren;
}

export type OrExprCstChildren = {
  andExpr: AndExprCstNode[];
  OrOp?: IToken[];
};

export interface AndExprCstNode extends CstNode {
  name: 'andExpr';
  children: AndExprCstChildren;
}

export type AndExprCstChildren = {
  comparison: ComparisonCstNode[];
  AndOp?: IToken[];
};

export interface ComparisonCstNode extends CstNode {
  name: 'comparison';
  children: ComparisonCstChildren;
}

export type ComparisonCstChildren = {
  additive: AdditiveCstNode[];
  CompareOp?: IToken[];
};

export interface AdditiveCstNode extends CstNode {
  name: 'additive';
  children: AdditiveCstChildren;
}

export type AdditiveCstChildren = {
  multiplicative: MultiplicativeCstNode[];
  AddOp?: IToken[];
};

export interface MultiplicativeCstNode extends CstNode {
  name: 'multiplicative';
  children: MultiplicativeCstChildren;
}

export type MultiplicativeCstChildren = {
  unary: UnaryCstNode[];
  MulOp?: IToken[];
};

export interface UnaryCstNode extends CstNode {
  name: 'unary';
  children: UnaryCstChildren;
}

export type UnaryCstChildren = {
  UnaryOp?: IToken[];
  unary?: UnaryCstNode[];
  power?: PowerCstNode[];
};

export interface PowerCstNode extends CstNode {
  name: 'power';
  children: PowerCstChildren;
}

export type PowerCstChildren = {
  primary: PrimaryCstNode[];
  Caret?: IToken[];
  unary?: UnaryCstNode[];
};

export interface PrimaryCstNode extends CstNode {
  name: 'primary';
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  NumberLiteral?: IToken[];
  ValueName?: IToken[];
  LParen?: IToken[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface FileCstNode extends CstNode {
  name: 'file';
  children: FileCstChildren;
}

export type FileCstChildren = {
  importDecl?: ImportDeclCstNode[];
  networkDecl?: NetworkDeclCstNode[];
  experimentDecl?: ExperimentDeclCstNode[];
  sweepDecl?: SweepDeclCstNode[];
  Semicolon?: IToken[];
};

export interface ImportDeclCstNode extends CstNode {
  name: 'importDecl';
  children: ImportDeclCstChildren;
}

export type ImportDeclCstChildren = {
  Import: IToken[];
  StringLiteral: IToken[];
};

export interface NetworkDeclCstNode extends CstNode {
  name: 'networkDecl';
  children: NetworkDeclCstChildren;
}

export type NetworkDeclCstChildren = {
  Network: IToken[];
  Name: IToken[];
  networkBody: NetworkBodyCstNode[];
};

export interface NetworkBodyCstNode extends CstNode {
  name: 'networkBody';
  children: NetworkBodyCstChildren;
}

export type NetworkBodyCstChildren = {
  LCurly: IToken[];
  inputDecl?: InputDeclCstNode[];
  layerDecl?: LayerDeclCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface InputDeclCstNode extends CstNode {
  name: 'inputDecl';
  children: InputDeclCstChildren;
}

export type InputDeclCstChildren = {
  Input: IToken[];
  NumberLiteral: IToken[];
};

export interface LayerDeclCstNode extends CstNode {
  name: 'layerDecl';
  children: LayerDeclCstChildren;
}

export type LayerDeclCstChildren = {
  LayerRole: IToken[];
  Name: IToken[];
  NumberLiteral: IToken[];
  ValueName: IToken[];
};

export interface ExperimentDeclCstNode extends CstNode {
  name: 'experimentDecl';
  children: ExperimentDeclCstChildren;
}

export type ExperimentDeclCstChildren = {
  Experiment: IToken[];
  Name: IToken[];
  experimentBody: ExperimentBodyCstNode[];
};

export interface ExperimentBodyCstNode extends CstNode {
  name: 'experimentBody';
  children: ExperimentBodyCstChildren;
}

export type ExperimentBodyCstChildren = {
  LCurly: IToken[];
  dataBlock?: DataBlockCstNode[];
  experimentNetwork?: ExperimentNetworkCstNode[];
  reconstructBlock?: ReconstructBlockCstNode[];
  weightsBlock?: WeightsBlockCstNode[];
  trainBlock?: TrainBlockCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface ExperimentNetworkCstNode extends CstNode {
  name: 'experimentNetwork';
  children: ExperimentNetworkCstChildren;
}

export type ExperimentNetworkCstChildren = {
  Network: IToken[];
  networkBody?: NetworkBodyCstNode[];
  Name?: IToken[];
};

export interface DataBlockCstNode extends CstNode {
  name: 'dataBlock';
  children: DataBlockCstChildren;
}

export type DataBlockCstChildren = {
  Data: IToken[];
  ValueName: IToken[];
  dataBody: DataBodyCstNode[];
};

export interface DataBodyCstNode extends CstNode {
  name: 'dataBody';
  children: DataBodyCstChildren;
}

export type DataBodyCstChildren = {
  LCurly: IToken[];
  dataSetting?: DataSettingCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface DataSettingCstNode extends CstNode {
  name: 'dataSetting';
  children: DataSettingCstChildren;
}

export type DataSettingCstChildren = {
  DataNumberKey?: IToken[];
  expression?: ExpressionCstNode[];
  DataPathKey?: IToken[];
  StringLiteral?: IToken[];
};

export interface ReconstructBlockCstNode extends CstNode {
  name: 'reconstructBlock';
  children: ReconstructBlockCstChildren;
}

export type ReconstructBlockCstChildren = {
  Reconstruct: IToken[];
  Name: IToken[];
  Comma?: IToken[];
  reconstructBody: ReconstructBodyCstNode[];
};

export interface ReconstructBodyCstNode extends CstNode {
  name: 'reconstructBody';
  children: ReconstructBodyCstChildren;
}

export type ReconstructBodyCstChildren = {
  LCurly: IToken[];
  callSetting?: CallSettingCstNode[];
  decoderSetting?: DecoderSettingCstNode[];
  costSetting?: CostSettingCstNode[];
  weightSetting?: WeightSettingCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface CallSettingCstNode extends CstNode {
  name: 'callSetting';
  children: CallSettingCstChildren;
}

export type CallSettingCstChildren = {
  CallKey: IToken[];
  callLike: CallLikeCstNode[];
};

export interface DecoderSettingCstNode extends CstNode {
  name: 'decoderSetting';
  children: DecoderSettingCstChildren;
}

export type DecoderSettingCstChildren = {
  Decoder: IToken[];
  Identifier: IToken[];
};

export interface CostSettingCstNode extends CstNode {
  name: 'costSetting';
  children: CostSettingCstChildren;
}

export type CostSettingCstChildren = {
  Cost: IToken[];
  Identifier: IToken[];
};

export interface WeightSettingCstNode extends CstNode {
  name: 'weightSetting';
  children: WeightSettingCstChildren;
}

export type WeightSettingCstChildren = {
  Weight: IToken[];
  expression: ExpressionCstNode[];
};

export interface CallLikeCstNode extends CstNode {
  name: 'callLike';
  children: CallLikeCstChildren;
}

export type CallLikeCstChildren = {
  ValueName: IToken[];
  LParen?: IToken[];
  callArg?: CallArgCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface CallArgCstNode extends CstNode {
  name: 'callArg';
  children: CallArgCstChildren;
}

export type CallArgCstChildren = {
  ValueName?: IToken[];
  Colon?: IToken[];
  expression: ExpressionCstNode[];
};

export interface WeightsBlockCstNode extends CstNode {
  name: 'weightsBlock';
  children: WeightsBlockCstChildren;
}

export type WeightsBlockCstChildren = {
  Weights: IToken[];
  weightsBody?: WeightsBodyCstNode[];
  scheduleRef?: ScheduleRefCstNode[];
};

export interface WeightsBodyCstNode extends CstNode {
  name: 'weightsBody';
  children: WeightsBodyCstChildren;
}

export type WeightsBodyCstChildren = {
  LCurly: IToken[];
  weightEquation?: WeightEquationCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface WeightEquationCstNode extends CstNode {
  name: 'weightEquation';
  children: WeightEquationCstChildren;
}

export type WeightEquationCstChildren = {
  ValueName: IToken[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface ScheduleRefCstNode extends CstNode {
  name: 'scheduleRef';
  children: ScheduleRefCstChildren;
}

export type ScheduleRefCstChildren = {
  Schedule: IToken[];
  ValueName: IToken[];
  LParen?: IToken[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface TrainBlockCstNode extends CstNode {
  name: 'trainBlock';
  children: TrainBlockCstChildren;
}

export type TrainBlockCstChildren = {
  Train: IToken[];
  trainBody: TrainBodyCstNode[];
};

export interface TrainBodyCstNode extends CstNode {
  name: 'trainBody';
  children: TrainBodyCstChildren;
}

export type TrainBodyCstChildren = {
  LCurly: IToken[];
  numberSetting?: NumberSettingCstNode[];
  optimizerSetting?: OptimizerSettingCstNode[];
  lrSetting?: LrSettingCstNode[];
  everySetting?: EverySettingCstNode[];
  skipSetting?: SkipSettingCstNode[];
  orderBlock?: OrderBlockCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface NumberSettingCstNode extends CstNode {
  name: 'numberSetting';
  children: NumberSettingCstChildren;
}

export type NumberSettingCstChildren = {
  TrainNumberKey: IToken[];
  expression: ExpressionCstNode[];
};

export interface OptimizerSettingCstNode extends CstNode {
  name: 'optimizerSetting';
  children: OptimizerSettingCstChildren;
}

export type OptimizerSettingCstChildren = {
  Optimizer: IToken[];
  callLike: CallLikeCstNode[];
};

export interface LrSettingCstNode extends CstNode {
  name: 'lrSetting';
  children: LrSettingCstChildren;
}

export type LrSettingCstChildren = {
  Lr: IToken[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface EverySettingCstNode extends CstNode {
  name: 'everySetting';
  children: EverySettingCstChildren;
}

export type EverySettingCstChildren = {
  EveryKey: IToken[];
  Every: IToken[];
  NumberLiteral: IToken[];
};

export interface SkipSettingCstNode extends CstNode {
  name: 'skipSetting';
  children: SkipSettingCstChildren;
}

export type SkipSettingCstChildren = {
  Skip: IToken[];
  Below: IToken[];
  NumberLiteral: IToken[];
};

export interface OrderBlockCstNode extends CstNode {
  name: 'orderBlock';
  children: OrderBlockCstChildren;
}

export type OrderBlockCstChildren = {
  Order: IToken[];
  ValueName: IToken[];
  orderBody?: OrderBodyCstNode[];
};

export interface OrderBodyCstNode extends CstNode {
  name: 'orderBody';
  children: OrderBodyCstChildren;
}

export type OrderBodyCstChildren = {
  LCurly: IToken[];
  stepDecl?: StepDeclCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface StepDeclCstNode extends CstNode {
  name: 'stepDecl';
  children: StepDeclCstChildren;
}

export type StepDeclCstChildren = {
  Step: IToken[];
  ValueName: IToken[];
  On: IToken[];
  Lr?: IToken[];
  Equals?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface SweepDeclCstNode extends CstNode {
  name: 'sweepDecl';
  children: SweepDeclCstChildren;
}

export type SweepDeclCstChildren = {
  Sweep: IToken[];
  Name: IToken[];
  sweepBody: SweepBodyCstNode[];
};

export interface SweepBodyCstNode extends CstNode {
  name: 'sweepBody';
  children: SweepBodyCstChildren;
}

export type SweepBodyCstChildren = {
  LCurly: IToken[];
  sweepBase?: SweepBaseCstNode[];
  sweepVary?: SweepVaryCstNode[];
  sweepOverrides?: SweepOverridesCstNode[];
  sweepRepeat?: SweepRepeatCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface SweepBaseCstNode extends CstNode {
  name: 'sweepBase';
  children: SweepBaseCstChildren;
}

export type SweepBaseCstChildren = {
  Base: IToken[];
  Name: IToken[];
};

export interface SweepVaryCstNode extends CstNode {
  name: 'sweepVary';
  children: SweepVaryCstChildren;
}

export type SweepVaryCstChildren = {
  Vary: IToken[];
  settingPath: SettingPathCstNode[];
  LBracket: IToken[];
  sweepValue?: SweepValueCstNode[];
  Comma?: IToken[];
  RBracket: IToken[];
};

export interface SweepOverridesCstNode extends CstNode {
  name: 'sweepOverrides';
  children: SweepOverridesCstChildren;
}

export type SweepOverridesCstChildren = {
  OverridesKey: IToken[];
  overridesBody: OverridesBodyCstNode[];
};

export interface OverridesBodyCstNode extends CstNode {
  name: 'overridesBody';
  children: OverridesBodyCstChildren;
}

export type OverridesBodyCstChildren = {
  LCurly: IToken[];
  sweepOverride?: SweepOverrideCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface SweepOverrideCstNode extends CstNode {
  name: 'sweepOverride';
  children: SweepOverrideCstChildren;
}

export type SweepOverrideCstChildren = {
  settingPath: SettingPathCstNode[];
  sweepValue: SweepValueCstNode[];
};

export interface SettingPathCstNode extends CstNode {
  name: 'settingPath';
  children: SettingPathCstChildren;
}

export type SettingPathCstChildren = {
  Name: IToken[];
  Dot?: IToken[];
};

export interface SweepValueCstNode extends CstNode {
  name: 'sweepValue';
  children: SweepValueCstChildren;
}

export type SweepValueCstChildren = {
  scheduleRef?: ScheduleRefCstNode[];
  callLike?: CallLikeCstNode[];
  wordList?: WordListCstNode[];
  expression?: ExpressionCstNode[];
};

export interface WordListCstNode extends CstNode {
  name: 'wordList';
  children: WordListCstChildren;
}

export type WordListCstChildren = {
  Identifier: IToken[];
};

export interface SweepRepeatCstNode extends CstNode {
  name: 'sweepRepeat';
  children: SweepRepeatCstChildren;
}

export type SweepRepeatCstChildren = {
  Repeat: IToken[];
  NumberLiteral: IToken[];
};
