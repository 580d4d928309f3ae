import { AnnotationQuery, AnnotationSupport } from '@grafana/data';

import { DEFAULT_ANNOTATION_QUERY, NanoQuery } from './types';

/** The refId Grafana gives an annotation's query. */
export const ANNOTATION_REF_ID = 'Anno';

/**
 * Annotations the standard way for a backend data source: the query editor edits the annotation's query
 * (`target`), the backend answers with a frame of `time`, `timeEnd`, `title`, `text` and `tags`, and
 * Grafana's standard processing turns its rows into regions.
 */
export const annotationSupport: AnnotationSupport<NanoQuery> = {
  getDefaultQuery: () => ({ ...DEFAULT_ANNOTATION_QUERY }),
  prepareAnnotation: withDefaultTarget,
};

/**
 * A new annotation has no query until its editor changes one, and Grafana skips an annotation without a
 * query: give it the default query, so adding the annotation and saving is enough. Anything else is returned
 * as it is (the same object, which tells Grafana's annotation editor that nothing needed fixing).
 */
export function withDefaultTarget(json: AnnotationQuery<NanoQuery>): AnnotationQuery<NanoQuery> {
  // Schema v2 dashboards keep the query in `query.spec`; those are complete.
  if (!json || json.target || (json.query && typeof json.query === 'object')) {
    return json;
  }
  return { ...json, target: { refId: ANNOTATION_REF_ID, ...DEFAULT_ANNOTATION_QUERY } };
}
