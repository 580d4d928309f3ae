import React from 'react';

import { QueryFilters } from './QueryFilters';
import { QueryTypeEditorProps } from './types';

/** `playbackStartErrors`: the filters; the answer counts the errors of the whole time range by error code. */
export function PlaybackStartErrorsEditor(props: QueryTypeEditorProps) {
  return <QueryFilters {...props} />;
}
