// The report of a sweep as plain data, independent of how it is drawn: the
// Markdown, CSV and JSON renderers (and charts) all read this. Errors and
// differences are in percentage points of test error.
import type { Role } from '../plan-types.js';
import type { StoredStatus } from '../store/result-store.js';
import type { PairedDifference, Summary } from './stats.js';

export interface ReportAxisValue {
  readonly name: string;
  /** The value in this cell (`49900`), and as the spec writes it (`50000 - labeled`). */
  readonly label: string;
  readonly written: string;
  readonly index: number;
}

/** How many of a role's repeats are in each state. */
export type StatusCounts = Readonly<Partial<Record<StoredStatus, number>>>;

export interface StepCounts {
  /** Mean over the repeats' runs that are done; null when none is. */
  readonly supervised: number | null;
  readonly reconstruction: number | null;
}

/** One role of one cell over its repeats. */
export interface RoleResult {
  readonly role: Role;
  readonly runIds: readonly string[];
  readonly status: StatusCounts;
  /** True when every repeat is done. */
  readonly complete: boolean;
  /** Test error (%) over the repeats; null unless complete. */
  readonly error: Summary | null;
  readonly steps: StepCounts;
}

export interface ReportCell {
  /** The cell's key in the store. */
  readonly key: string;
  readonly column: string;
  readonly coords: readonly ReportAxisValue[];
  readonly mtl: RoleResult;
  readonly baseline: RoleResult | null;
  readonly control: RoleResult | null;
  /** MTL error − baseline error, paired by repeat (the paper's number); null unless both are complete. */
  readonly minusBaseline: PairedDifference | null;
  /** MTL error − control error, paired by repeat. */
  readonly minusControl: PairedDifference | null;
  /** Control error − baseline error: what the extra supervised steps alone give. */
  readonly controlMinusBaseline: PairedDifference | null;
}

export interface ReportRow {
  readonly label: string;
  readonly cells: readonly ReportCell[];
  /** The row's control when every cell of the row shares the same control runs (Table 1's layout), else null. */
  readonly sharedControl: ReportCell | null;
}

export interface ReportTable {
  /** `labeled = 100`, or the sweep's name when nothing else is varied. */
  readonly title: string;
  readonly coords: readonly ReportAxisValue[];
  /** The table's baseline when all its cells share the same baseline runs, else null. */
  readonly baseline: RoleResult | null;
  readonly rows: readonly ReportRow[];
}

export interface Report {
  readonly format: 'mtl-report';
  readonly version: 1;
  readonly sweep: string;
  readonly source: string;
  readonly base: string;
  readonly repeat: number;
  readonly protocol: {
    /** T of the runs (one value unless the sweep varies train.epochs). */
    readonly epochs: readonly number[];
    /** T as the spec says. */
    readonly specEpochs: readonly number[];
    readonly shortened: boolean;
    readonly limit: number | null;
  };
  readonly unit: 'percentage points of test error';
  readonly interval: {
    readonly level: 0.95;
    readonly method: 'Student t on paired differences (n − 1 df), paired by repeat';
  };
  readonly axes: {
    readonly tables: readonly string[];
    readonly rows: string | null;
    readonly columns: string | null;
    /** Varied settings with a single value: the same in every cell. */
    readonly fixed: readonly ReportAxisValue[];
  };
  readonly columns: readonly string[];
  readonly hasControl: boolean;
  /** Distinct runs of the sweep by status. */
  readonly runs: StatusCounts;
  readonly tables: readonly ReportTable[];
}
