import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { InlineField, InlineFieldRow, RadioButtonGroup, useStyles2 } from '@grafana/ui';

import { QUERY_FIELDS, QUERY_TYPES, UNKNOWN_QUERY_TYPE } from '../../copy';
import { describeQueryType } from '../../helpers';
import { selectors } from '../../selectors';
import { QueryType } from '../../types';
import { LABEL_WIDTH } from './layout';

interface Props {
  value: QueryType;
  onChange: (queryType: QueryType) => void;
}

/** The query type, with a one-line description of the chosen one below. */
export function QueryTypePicker({ value, onChange }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <>
      <InlineFieldRow>
        <InlineField label={QUERY_FIELDS.queryType.label} labelWidth={LABEL_WIDTH}>
          <RadioButtonGroup<QueryType>
            aria-label={selectors.queryEditor.queryType.ariaLabel}
            options={QUERY_TYPES}
            value={value}
            onChange={onChange}
          />
        </InlineField>
      </InlineFieldRow>
      <p
        className={styles.description}
        aria-live="polite"
        data-testid={selectors.queryEditor.queryTypeDescription.testId}
      >
        {describeQueryType(value) || UNKNOWN_QUERY_TYPE}
      </p>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // Lines up with the controls, past the labels (InlineField labels are followed by a 4px gap).
  description: css({
    margin: `${theme.spacing(-0.5)} 0 ${theme.spacing(1)} calc(${theme.spacing(LABEL_WIDTH)} + 4px)`,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
