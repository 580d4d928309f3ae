import { ComponentType } from 'react';

import { QueryType } from '../../types';
import { IngestAlertsEditor } from './IngestAlertsEditor';
import { MaxViewersEditor } from './MaxViewersEditor';
import { MonthToDateEditor } from './MonthToDateEditor';
import { PlaybackStartErrorsEditor } from './PlaybackStartErrorsEditor';
import { PlaybackStartSuccessEditor } from './PlaybackStartSuccessEditor';
import { TimeSeriesEditor } from './TimeSeriesEditor';
import { UsageBreakdownEditor } from './UsageBreakdownEditor';
import { QueryTypeEditorProps } from './types';

/**
 * The editor of each query type. Adding a query type: its name in `QueryType` (types.ts), its label,
 * description and group in `QUERY_TYPES` (copy.ts), its editor in this folder (or a shared one such as
 * `TimeSeriesEditor`), and its line here; the type checker asks for each of them. Shared pieces:
 * `QueryFilters` (or single `FilterPicker`s), `IntervalField`, `ViewField`, `ChoiceField` and `LimitField`.
 */
export const QUERY_TYPE_EDITORS: Record<QueryType, ComponentType<QueryTypeEditorProps>> = {
  maxViewers: MaxViewersEditor,
  byteUsage: TimeSeriesEditor,
  monthToDate: MonthToDateEditor,
  usageBreakdown: UsageBreakdownEditor,
  playbackStartSuccess: PlaybackStartSuccessEditor,
  playbackStartErrors: PlaybackStartErrorsEditor,
  bufferingRatio: TimeSeriesEditor,
  startupTime: TimeSeriesEditor,
  ingestAlerts: IngestAlertsEditor,
};
