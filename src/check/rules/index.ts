// Every rule, in the order Langium runs its phases: linking, then semantic
// rules, then schedule verification, then lints. `check(program, rules)` takes
// this list or any part of it (a test runs one rule).
import type { RuleContext } from '../context.js';
import type { Visitor } from '../walk.js';
import { countsRule } from './counts.js';
import { crossEntropyRangeRule } from './cross-entropy-range.js';
import { dataFitRule } from './data-fit.js';
import { deadReconstructRule } from './dead-reconstruct.js';
import { expressionsRule } from './expressions.js';
import { knownReferencesRule } from './known-references.js';
import { knownWordsRule } from './known-words.js';
import { networkStructureRule } from './network-structure.js';
import { noiseParamsRule } from './noise-params.js';
import { optimizerRule } from './optimizer.js';
import { periodLengthRule } from './period-length.js';
import { reconstructLayersRule } from './reconstruct-layers.js';
import { reconstructionStepRule } from './reconstruction-step.js';
import { requiredPartsRule } from './required-parts.js';
import { scheduleVerificationRule } from './schedule-verification.js';
import { settingShapesRule } from './setting-shapes.js';
import { singleSettingsRule } from './single-settings.js';
import { skipBelowRule } from './skip-below.js';
import { softmaxPlacementRule } from './softmax-placement.js';
import { stepsRule } from './steps.js';
import { supervisedReachesOneRule } from './supervised-reaches-one.js';
import { supervisedStepRule } from './supervised-step.js';
import { sweepCellsRule } from './sweep-cells.js';
import { sweepPathsRule } from './sweep-paths.js';
import { sweepValuesRule } from './sweep-values.js';
import { uniqueNamesRule } from './unique-names.js';
import { unusedNetworksRule } from './unused-networks.js';
import { weightsEquationsRule } from './weights-equations.js';

export const allRules: readonly ((ctx: RuleContext) => Visitor)[] = Object.freeze([
  // linking
  uniqueNamesRule,
  knownReferencesRule,
  // semantic rules
  knownWordsRule,
  singleSettingsRule,
  requiredPartsRule,
  settingShapesRule,
  countsRule,
  expressionsRule,
  networkStructureRule,
  softmaxPlacementRule,
  dataFitRule,
  reconstructLayersRule,
  noiseParamsRule,
  crossEntropyRangeRule,
  weightsEquationsRule,
  stepsRule,
  optimizerRule,
  sweepPathsRule,
  sweepValuesRule,
  sweepCellsRule,
  // schedule verification
  scheduleVerificationRule,
  // lints
  unusedNetworksRule,
  deadReconstructRule,
  supervisedReachesOneRule,
  supervisedStepRule,
  reconstructionStepRule,
  periodLengthRule,
  skipBelowRule,
]);
