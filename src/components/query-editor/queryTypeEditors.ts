import { ComponentType } from 'react';

import { QueryType } from '../../types';
import { ByteUsageEditor } from './ByteUsageEditor';
import { MaxViewersEditor } from './MaxViewersEditor';
import { MonthToDateEditor } from './MonthToDateEditor';
import { QueryTypeEditorProps } from './types';

/**
 * The editor of each query type. Adding a query type: its name in `QueryType` (types.ts), its label and
 * description in `QUERY_TYPES` (copy.ts), its editor in this folder, and its line here; the type checker
 * asks for each of them. Shared pieces: `QueryFilters` (or single `FilterPicker`s) and `IntervalField`.
 */
export const QUERY_TYPE_EDITORS: Record<QueryType, ComponentType<QueryTypeEditorProps>> = {
  maxViewers: MaxViewersEditor,
  byteUsage: ByteUsageEditor,
  monthToDate: MonthToDateEditor,
};
